'use client';
/**
 * One value anywhere inside a node's property, drawn from its schema: the inspector's scalar
 * widgets, or a list, object, record or typed union that draws its parts with this same
 * component, down to `MAX_DEPTH`; past that, or for what a form cannot draw, the JSON field.
 * Every change reports the whole new value of its part and an undo step key.
 */
import type { JsonSchema } from '@/components/editor/types';
import { FieldFrame, type FrameExtras } from './field-frame';
import { JsonField } from './json-field';
import { ListEditor } from './list-editor';
import { ScalarField } from './scalar-field';
import { ObjectEditor, RecordEditor } from './object-editors';
import { UnionEditor } from './union-editor';
import { modelOf, pathString, relativePath, type Path } from './value-model';

export type EditorContext = {
  root: JsonSchema;
  /** What the server said, by path below the property (`[1].venue`). */
  issues: Readonly<Record<string, string>>;
};

export type ValueEditorProps = {
  id: string;
  label: string;
  /** From the node's props: `['legs', 1, 'venue']`. */
  path: Path;
  schema: JsonSchema;
  value: unknown;
  depth: number;
  ctx: EditorContext;
  /** `step`: edits with the same step key within a moment are one undo step. */
  onChange: (value: unknown, step: string) => void;
  onReset?: () => void;
  /** A number may be left empty (the property is optional). */
  isOptional?: boolean;
  frame?: FrameExtras;
};

let steps = 0;
/** A step key no other edit shares: adding, removing or moving an item is an undo step alone. */
export const structuralStep = (path: Path, what: string) => `${pathString(path)}#${what}${++steps}`;

export const issueAt = (ctx: EditorContext, path: Path) => ctx.issues[relativePath(path)];

export function ValueEditor(props: ValueEditorProps) {
  const { id, label, path, schema, value, depth, ctx, onChange, onReset, frame } = props;
  const model = modelOf(schema, ctx.root, depth);
  const step = pathString(path);
  // A part drawn inside another editor of the same path (a union's value) gets `issue: null`.
  const issue = frame && 'issue' in frame ? frame.issue : issueAt(ctx, path);
  const extras: FrameExtras = { ...frame, issue };
  const common = { id, label, schema: model.schema, onReset, frame: extras };
  switch (model.kind) {
    case 'array':
      return <ListEditor {...props} model={model} />;
    case 'object':
      return <ObjectEditor {...props} model={model} />;
    case 'record':
      return <RecordEditor {...props} model={model} />;
    case 'union':
      return <UnionEditor {...props} model={model} />;
    case 'json':
      return (
        <JsonField {...common} root={ctx.root} value={value} onChange={(v) => onChange(v, step)} />
      );
    case 'null':
      return (
        <FieldFrame id={id} label={label} description={model.schema.description} {...extras}>
          <output id={id} className="block px-1 font-mono text-[12px] text-slate-500">
            null
          </output>
        </FieldFrame>
      );
    case 'scalar':
      return (
        <ScalarField
          {...common}
          kind={model.field}
          value={value === undefined ? model.schema.default : value}
          onChange={(v) => onChange(v, step)}
          isOptional={props.isOptional}
        />
      );
  }
}

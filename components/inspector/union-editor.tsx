'use client';
/**
 * A value of one of several types (`string | number | boolean | null`, a JSON value): a type
 * picker, then the editor of the picked type. Picking another type converts what it can
 * (`"5"` → 5) and is one undo step.
 */
import { FieldFrame, fieldInputClass } from './field-frame';
import { JsonField } from './json-field';
import { structuralStep, ValueEditor, type ValueEditorProps } from './value-editor';
import { branchIndex, convertTo, modelOf, pathString, type EditorModel } from './value-model';

type Props = ValueEditorProps & { model: Extract<EditorModel, { kind: 'union' }> };

export function UnionEditor(props: Props) {
  const { id, label, path, value, depth, ctx, onChange, model, frame } = props;
  const { branches } = model;
  const shown = value === undefined ? model.schema.default : value;
  const index = branchIndex(branches, shown);
  const branch = branches[index];
  const branchKind = branch ? modelOf(branch.schema, ctx.root, depth + 1).kind : 'null';
  const isScalar = branchKind === 'scalar' || branchKind === 'null';
  const select = (
    <select
      id={`${id}-type`}
      aria-label={`Type of ${label}`}
      title="Type of the value"
      value={branch?.label ?? ''}
      onChange={(e) => {
        const next = branches.find((b) => b.label === e.target.value)!.schema;
        onChange(convertTo(next, shown, ctx.root), structuralStep(path, 'type'));
      }}
      className={`${fieldInputClass} h-7 shrink-0 px-1 text-[12px]`}
    >
      {index < 0 && <option value="">—</option>}
      {branches.map((b) => (
        <option key={b.label} value={b.label}>
          {b.label}
        </option>
      ))}
    </select>
  );
  // A value of no listed type: shown as JSON beside the picker, never as a blank.
  if (!branch)
    return (
      <JsonField
        id={id}
        label={label}
        schema={model.schema}
        root={ctx.root}
        value={shown}
        onChange={(v) => onChange(v, pathString(path))}
        onReset={props.onReset}
        frame={{ ...frame, prefix: select }}
      />
    );
  const schema = {
    ...branch.schema,
    // The union's description and hints (a scrubbed number) go with the picked type.
    description: model.schema.description ?? branch.schema.description,
    widget: branch.schema.widget ?? model.schema.widget,
  };
  // A one-line type: the picker sits in its row, and its messages span the row.
  if (isScalar)
    return (
      <ValueEditor
        {...props}
        schema={schema}
        value={shown}
        depth={depth + 1}
        frame={{ ...frame, prefix: select }}
      />
    );
  return (
    <>
      <FieldFrame
        id={`${id}-type`}
        label={label}
        description={model.schema.description}
        onReset={props.onReset}
        {...frame}
      >
        {select}
      </FieldFrame>
      <ValueEditor
        {...props}
        schema={branch.schema}
        value={shown}
        depth={depth + 1}
        onReset={undefined}
        frame={{ issue: null }}
      />
    </>
  );
}

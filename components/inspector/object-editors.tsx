'use client';
/**
 * Objects in the inspector. One with known properties is a foldout with a labelled field per
 * property; a record (`additionalProperties`: HTTP headers, set-fields' fields) is a list of
 * key/value rows with add, remove and rename, where an empty or duplicate key is refused inline.
 */
import { useState } from 'react';
import { fieldInputClass } from './field-frame';
import { AddButton, Foldout, RowButton } from './foldout';
import { humanize } from './json-schema';
import { focusLater, groupFrame, isInlineKind } from './group-frame';
import { issueAt, structuralStep, ValueEditor, type ValueEditorProps } from './value-editor';
import {
  emptyValue,
  freshKey,
  join,
  keyError,
  modelOf,
  pathString,
  renameKey,
  singular,
  withoutKey,
  type EditorModel,
} from './value-model';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function objectOf(value: unknown, fallback: unknown): Obj {
  return isObject(value) ? value : isObject(fallback) ? fallback : {};
}

type ObjectProps = ValueEditorProps & { model: Extract<EditorModel, { kind: 'object' }> };

export function ObjectEditor(props: ObjectProps) {
  const { id, path, value, depth, ctx, onChange, model } = props;
  const obj = objectOf(value, model.schema.default);
  const required = model.schema.required ?? [];
  return (
    <Foldout {...groupFrame(props, obj)}>
      {model.properties.map(([key, schema]) => {
        const isRequired = required.includes(key);
        const fallback = schema.default;
        // Reset: back to the default, or gone when the property is optional.
        const canReset =
          key in obj && (fallback !== undefined ? !same(obj[key], fallback) : !isRequired);
        const reset = () =>
          onChange(
            isRequired ? { ...obj, [key]: emptyValue(schema, ctx.root) } : withoutKey(obj, key),
            structuralStep(path, 'reset'),
          );
        const kind = modelOf(schema, ctx.root, depth + 1).kind;
        return (
          <ValueEditor
            key={key}
            id={`${id}-${key.replace(/\W/g, '_')}`}
            label={humanize(key)}
            path={join(path, key)}
            schema={schema}
            value={obj[key]}
            depth={depth + 1}
            ctx={ctx}
            isOptional={!isRequired && fallback === undefined}
            onChange={(v, step) => onChange({ ...obj, [key]: v }, step)}
            onReset={canReset ? reset : undefined}
            frame={{ inline: isInlineKind(kind) }}
          />
        );
      })}
    </Foldout>
  );
}

type RecordProps = ValueEditorProps & { model: Extract<EditorModel, { kind: 'record' }> };

export function RecordEditor(props: RecordProps) {
  const { id, label, path, value, depth, ctx, onChange, model } = props;
  const obj = objectOf(value, model.schema.default);
  const entries = Object.entries(obj);
  const [added, setAdded] = useState<number | null>(null);
  const itemName = singular(label);
  const kind = modelOf(model.values, ctx.root, depth + 1).kind;
  const isScalar = kind === 'scalar' || kind === 'null';
  return (
    <Foldout
      {...groupFrame(props, obj)}
      summary={`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`}
    >
      {entries.length === 0 && <p className="py-0.5 text-[11px] text-slate-500">No entries.</p>}
      {entries.map(([key, v], i) => {
        const name = `${itemName} ${i + 1}`;
        const remove = (
          <RowButton
            label={`Remove "${key}" from ${label}`}
            glyph="✕"
            id={`${id}-${i}-remove`}
            onClick={() => {
              onChange(withoutKey(obj, key), structuralStep(path, 'remove'));
              const next = Math.min(i, entries.length - 2);
              focusLater(next >= 0 ? `${id}-${next}-remove` : `${id}-add`);
            }}
          />
        );
        return (
          // By position: renaming a key keeps its row, and the focus in it.
          <div
            key={i}
            role="group"
            aria-label={name}
            // Rows of two lines are told apart by a rule between them.
            className={isScalar ? undefined : 'border-t border-slate-800 first-of-type:border-t-0'}
          >
            <RecordRow
              id={`${id}-${i}`}
              name={name}
              entryKey={key}
              record={obj}
              isNew={added === i}
              // A typed or nested value goes under its key, which keeps the whole width.
              stackedActions={isScalar ? undefined : remove}
              // Typing a key is one undo step, as typing a value is.
              onRename={(to) => onChange(renameKey(obj, key, to), `${pathString(path)}:key${i}`)}
            >
              <ValueEditor
                id={`${id}-${i}-value`}
                // A list or object under a key is named by it: "tags", its items "tag 1".
                label={isScalar ? `Value of ${name}` : key || name}
                path={join(path, key)}
                schema={model.values}
                value={v}
                depth={depth + 1}
                ctx={ctx}
                onChange={(next, step) => onChange({ ...obj, [key]: next }, step)}
                frame={{
                  inline: isInlineKind(kind),
                  hideLabel: true,
                  issue: issueAt(ctx, join(path, key)),
                  actions: isScalar ? remove : undefined,
                }}
              />
            </RecordRow>
          </div>
        );
      })}
      <AddButton
        id={`${id}-add`}
        label={`Add entry to ${label}`}
        text="Add entry"
        onClick={() => {
          setAdded(entries.length);
          const key = freshKey(obj);
          onChange(
            { ...obj, [key]: emptyValue(model.values, ctx.root, depth + 1) },
            structuralStep(path, 'add'),
          );
        }}
      />
    </Foldout>
  );
}

/**
 * The key of one entry, renamed as it is typed; a key that is empty or used by another entry
 * is not applied and says why until it is fixed (or Escape puts the old key back).
 */
function RecordRow({
  id,
  name,
  entryKey,
  record,
  isNew,
  stackedActions,
  onRename,
  children,
}: {
  id: string;
  name: string;
  entryKey: string;
  record: Record<string, unknown>;
  isNew: boolean;
  /** The row's buttons when the value goes under the key rather than beside it. */
  stackedActions?: React.ReactNode;
  onRename: (to: string) => void;
  children: React.ReactNode;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? entryKey;
  const error = draft === null ? null : keyError(record, entryKey, draft);
  return (
    <div className="py-0.5">
      <div className="flex items-start gap-1.5">
        <input
          id={`${id}-key`}
          type="text"
          aria-label={`Key of ${name}`}
          value={text}
          // A new entry: its made-up key is selected, ready to be typed over.
          autoFocus={isNew}
          onFocus={(e) => isNew && e.currentTarget.select()}
          spellCheck={false}
          onChange={(e) => {
            const next = e.target.value;
            setDraft(next);
            if (!keyError(record, entryKey, next) && next !== entryKey) onRename(next);
          }}
          onBlur={() => !error && setDraft(null)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setDraft(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-key-error` : undefined}
          className={`${fieldInputClass} h-7 font-mono text-[12px] ${stackedActions ? 'min-w-0 flex-1' : 'w-[38%] shrink-0'}`}
        />
        {stackedActions ?? <div className="min-w-0 flex-1">{children}</div>}
      </div>
      {error && (
        <p id={`${id}-key-error`} role="alert" className="mt-0.5 text-[11px] text-red-300">
          Key refused: {error}
        </p>
      )}
      {stackedActions && <div className="mt-0.5 pl-3">{children}</div>}
    </div>
  );
}

'use client';
/**
 * A value of one of several types (`string | number | boolean | null`, a JSON value): a type
 * picker, then the editor of the picked type. Picking another type converts what it can
 * (`"5"` → 5) and is one undo step.
 */
import { FieldFrame, fieldInputClass } from './field-frame';
import { structuralStep, ValueEditor, type ValueEditorProps } from './value-editor';
import { branchIndex, convertTo, modelOf, type EditorModel } from './value-model';

type Props = ValueEditorProps & { model: Extract<EditorModel, { kind: 'union' }> };

export function UnionEditor(props: Props) {
  const { id, label, path, value, depth, ctx, onChange, model, frame } = props;
  const { branches } = model;
  const shown = value === undefined ? model.schema.default : value;
  const index = branchIndex(branches, shown);
  const branch = branches[index];
  const branchKind = branch ? modelOf(branch.schema, ctx.root, depth + 1).kind : 'null';
  const isScalar = branchKind === 'scalar' || branchKind === 'null';
  const editor = branch && (
    <ValueEditor
      id={id}
      label={label}
      path={path}
      // The union's description and hints (a scrubbed number) go with the picked type.
      schema={{ ...branch.schema, widget: branch.schema.widget ?? model.schema.widget }}
      value={shown}
      depth={depth + 1}
      ctx={ctx}
      onChange={onChange}
      frame={isScalar ? { inline: true, hideLabel: true, issue: null } : { issue: null }}
    />
  );
  return (
    <>
      <FieldFrame
        id={`${id}-type`}
        label={label}
        description={model.schema.description}
        onReset={props.onReset}
        inline={frame?.inline}
        hideLabel={frame?.hideLabel}
        shortLabel={frame?.shortLabel}
        actions={frame?.actions}
        issue={frame?.issue}
      >
        <div className="flex items-center gap-1.5">
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
          {isScalar && <div className="min-w-0 flex-1">{editor}</div>}
        </div>
      </FieldFrame>
      {!isScalar && editor}
    </>
  );
}

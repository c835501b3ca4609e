'use client';
/**
 * A list property, item by item (Unity's array inspector): a count, each item drawn with the
 * widgets of its schema, move up/down and remove per item, and "Add item"; minItems and
 * maxItems disable the buttons with the reason.
 */
import { AddButton, Foldout, RowButton } from './foldout';
import { focusLater, groupFrame, isInlineKind } from './group-frame';
import { issueAt, structuralStep, ValueEditor, type ValueEditorProps } from './value-editor';
import {
  emptyValue,
  insertAt,
  join,
  listLimits,
  modelOf,
  move,
  removeAt,
  singular,
  type EditorModel,
} from './value-model';

type Props = ValueEditorProps & { model: Extract<EditorModel, { kind: 'array' }> };

export function ListEditor(props: Props) {
  const { id, label, path, value, depth, ctx, onChange, model } = props;
  const fallback = Array.isArray(model.schema.default) ? model.schema.default : [];
  const list: unknown[] = Array.isArray(value) ? value : fallback;
  const limits = listLimits(model.schema, list.length);
  const itemName = singular(label);
  const isInline = isInlineKind(modelOf(model.items, ctx.root, depth + 1).kind);
  const change = (next: unknown[], what: string) => onChange(next, structuralStep(path, what));
  /** The focus follows the moved item, so the next press moves it again. */
  const moveItem = (from: number, to: number, button: 'up' | 'down') => {
    change(move(list, from, to), 'move');
    focusLater(`${id}-${to}-${button}`);
  };
  /** A removed item's button is gone: the focus goes to the item now in its place, or Add. */
  const removeItem = (i: number) => {
    change(removeAt(list, i), 'remove');
    focusLater(list.length > 1 ? `${id}-${Math.min(i, list.length - 2)}-remove` : `${id}-add`);
  };
  /** A new item's field takes the focus (a foldout item: its toggle). */
  const addItem = () => {
    change(insertAt(list, list.length, emptyValue(model.items, ctx.root, depth + 1)), 'add');
    focusLater(`${id}-${list.length}`, `${id}-${list.length}-label`);
  };

  return (
    <Foldout
      {...groupFrame(props, list)}
      summary={`${list.length} item${list.length === 1 ? '' : 's'}`}
    >
      {list.length === 0 && <p className="py-0.5 text-[11px] text-slate-500">No items.</p>}
      <ul>
        {list.map((item, i) => {
          const n = i + 1;
          const itemPath = join(path, i);
          const actions = (
            <>
              <RowButton
                id={`${id}-${i}-up`}
                label={`Move item ${n} of ${label} up`}
                glyph="↑"
                disabledReason={i === 0 ? 'Already the first item' : null}
                onClick={() => moveItem(i, i - 1, 'up')}
              />
              <RowButton
                id={`${id}-${i}-down`}
                label={`Move item ${n} of ${label} down`}
                glyph="↓"
                disabledReason={i === list.length - 1 ? 'Already the last item' : null}
                onClick={() => moveItem(i, i + 1, 'down')}
              />
              <RowButton
                label={`Remove item ${n} of ${label}`}
                glyph="✕"
                disabledReason={limits.remove}
                id={`${id}-${i}-remove`}
                onClick={() => removeItem(i)}
              />
            </>
          );
          // By position: items have no identity of their own, and a row typed in keeps its field.
          const editor = (
            <ValueEditor
              id={`${id}-${i}`}
              label={`${itemName} ${n}`}
              path={itemPath}
              schema={model.items}
              value={item}
              depth={depth + 1}
              ctx={ctx}
              onChange={(v, step) =>
                onChange(
                  list.map((x, j) => (j === i ? v : x)),
                  step,
                )
              }
              frame={{
                inline: isInline,
                shortLabel: isInline ? String(n) : undefined,
                actions,
                issue: issueAt(ctx, itemPath),
              }}
            />
          );
          return <li key={i}>{editor}</li>;
        })}
      </ul>
      <AddButton
        id={`${id}-add`}
        label={`Add item to ${label}`}
        text="Add item"
        disabledReason={limits.add}
        onClick={addItem}
      />
    </Foldout>
  );
}

'use client';
/**
 * What the inspector's groups (list, object and record editors) share: the foldout frame of a
 * group, with its own level's problems and its reset button, and moving the focus after an
 * item was added, moved or removed.
 */
import type { JsonSchema } from '@/components/editor/types';
import { RowButton, type FoldoutProps } from './foldout';
import { validateValue } from './json-schema';
import type { ValueEditorProps } from './value-editor';
import { pathString, type EditorModel } from './value-model';

/** The rules of this level only: its items' problems show at the items. */
const shallow = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  items: undefined,
  properties: undefined,
  additionalProperties: undefined,
});

/** A nested problem, named by its path, for a folded group: `cases[1]: must be a number`. */
function deepError(props: ValueEditorProps): string | null {
  const error = validateValue(props.schema, props.value, props.ctx.root);
  if (!error) return null;
  const at = pathString(props.path);
  return error.startsWith('[') ? `${at}${error}` : `${at}: ${error}`;
}

function ResetButton({ label, onReset }: { label: string; onReset?: () => void }) {
  if (!onReset) return null;
  return (
    <RowButton
      label={`Reset ${label} to default`}
      title="Reset to default"
      glyph="↺"
      onClick={onReset}
    />
  );
}

/**
 * The Foldout props of a group editor showing `shown` (its value, or the default it falls back
 * to): label, description, its own level's error, the nested one while folded, the server's
 * issue, and the reset and row buttons.
 */
export function groupFrame(
  props: ValueEditorProps & { model: { schema: JsonSchema } },
  shown: unknown,
): Omit<FoldoutProps, 'children' | 'summary'> {
  const { id, label, value, depth, model, frame, onReset } = props;
  return {
    id,
    label,
    description: model.schema.description,
    isTop: depth === 0,
    error: value === undefined ? null : validateValue(shallow(model.schema), shown),
    foldedError: deepError({ ...props, value: shown }),
    issue: frame?.issue,
    actions: (
      <>
        <ResetButton label={label} onReset={onReset} />
        {frame?.actions}
      </>
    ),
  };
}

/** Items of these kinds sit on one line with their label (a list's "1", a record's key). */
export const isInlineKind = (kind: EditorModel['kind']) =>
  kind === 'scalar' || kind === 'union' || kind === 'null';

/** Focuses the first of these elements that exists once React has drawn the change. */
export function focusLater(...ids: string[]) {
  requestAnimationFrame(() => {
    for (const target of ids) {
      const el = document.getElementById(target);
      if (el) return el.focus();
    }
  });
}

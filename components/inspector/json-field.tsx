'use client';
/**
 * A JSON editor for objects, arrays and mixed values: the text is kept while it does not parse
 * (with the parse error shown), and the value is committed whenever it does.
 */
import { useState } from 'react';
import type { JsonSchema } from '@/components/editor/types';
import { describedBy, FieldFrame, fieldInputClass, type FrameExtras } from './field-frame';
import { validateValue } from './json-schema';

export function JsonField({
  id,
  label,
  schema,
  root,
  value,
  onChange,
  onReset,
  isMixed,
  frame,
}: {
  id: string;
  label: string;
  schema: JsonSchema;
  root: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  onReset?: () => void;
  isMixed?: boolean;
  frame?: FrameExtras;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (value === undefined || isMixed ? '' : JSON.stringify(value, null, 2));
  let error: string | null = null;
  if (draft !== null && draft.trim() !== '') {
    try {
      error = validateValue(schema, JSON.parse(draft), root);
    } catch (err) {
      error = `not valid JSON: ${(err as Error).message}`;
    }
  } else if (value !== undefined && !isMixed) error = validateValue(schema, value, root);

  return (
    <FieldFrame
      id={id}
      label={label}
      description={schema.description}
      error={error}
      onReset={onReset}
      {...frame}
    >
      <textarea
        id={id}
        value={text}
        placeholder={isMixed ? '—' : undefined}
        spellCheck={false}
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        onChange={(e) => {
          setDraft(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
          } catch {
            // Keep the draft until it parses; the error says why.
          }
        }}
        onBlur={() => setDraft(null)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, schema.description, error)}
        className={`${fieldInputClass} w-full resize-y py-1 font-mono text-[12px] leading-snug`}
      />
    </FieldFrame>
  );
}

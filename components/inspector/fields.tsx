'use client';
/** Text, multi-line text and code, enum select, and boolean switch fields of the inspector. */
import type { JsonSchema } from '@/components/editor/types';
import { describedBy, FieldFrame, fieldInputClass, type FrameExtras } from './field-frame';
import { validateValue } from './json-schema';

type Common<T> = {
  id: string;
  label: string;
  schema: JsonSchema;
  value: T;
  onChange: (value: T) => void;
  onReset?: () => void;
  /** Several nodes are edited together and their values differ: shown as "—". */
  isMixed?: boolean;
  /** Its place in a list, object or record. */
  frame?: FrameExtras;
};

export function TextField({
  id,
  label,
  schema,
  value,
  onChange,
  onReset,
  multiline,
  isCode,
  isMixed,
  frame,
}: Common<string> & { multiline?: boolean; isCode?: boolean }) {
  const error = isMixed ? null : validateValue(schema, value);
  const common = {
    id,
    value: isMixed ? '' : value,
    placeholder: isMixed ? '—' : undefined,
    spellCheck: isCode ? false : undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, schema.description, error),
  };
  return (
    <FieldFrame
      id={id}
      label={label}
      description={schema.description}
      error={error}
      onReset={onReset}
      {...frame}
    >
      {multiline ? (
        <textarea
          {...common}
          onChange={(e) => onChange(e.target.value)}
          rows={isCode ? Math.min(12, Math.max(3, value.split('\n').length + 1)) : 3}
          className={`${fieldInputClass} w-full resize-y py-1 leading-snug ${isCode ? 'font-mono text-[12px]' : ''}`}
        />
      ) : (
        <input
          {...common}
          type="text"
          onChange={(e) => onChange(e.target.value)}
          className={`${fieldInputClass} h-7 w-full`}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  id,
  label,
  schema,
  value,
  onChange,
  onReset,
  frame,
}: Common<unknown>) {
  const options = schema.enum ?? [];
  const index = options.findIndex((o) => o === value);
  return (
    <FieldFrame id={id} label={label} description={schema.description} onReset={onReset} {...frame}>
      <select
        id={id}
        value={index}
        onChange={(e) => onChange(options[Number(e.target.value)])}
        aria-describedby={describedBy(id, schema.description)}
        className={`${fieldInputClass} h-7 w-full`}
      >
        {index < 0 && <option value={-1}>—</option>}
        {options.map((o, i) => (
          <option key={String(o)} value={i}>
            {String(o)}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function SwitchField({
  id,
  label,
  schema,
  value,
  onChange,
  onReset,
  isMixed,
  frame,
}: Common<boolean>) {
  return (
    <FieldFrame id={id} label={label} description={schema.description} onReset={onReset} {...frame}>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={isMixed ? 'mixed' : value}
        aria-describedby={describedBy(id, schema.description)}
        onClick={() => onChange(!value)}
        className={`relative block h-5 w-9 rounded-full transition-colors ${value ? 'bg-sky-500' : 'bg-slate-700'}`}
      >
        <span
          aria-hidden
          className={`absolute top-0.5 left-0.5 size-4 rounded-full bg-white shadow transition-transform ${isMixed ? 'translate-x-2 opacity-60' : value ? 'translate-x-4' : ''}`}
        />
      </button>
    </FieldFrame>
  );
}

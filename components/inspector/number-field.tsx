'use client';
/**
 * A number field whose label scrubs: drag it left or right to change the value by its step
 * (Shift ×10, Alt ×0.1), as in Unity's inspector. Ranged numbers get a slider too. An empty
 * field means "not set" when the field is optional.
 */
import { useRef, useState, type PointerEvent } from 'react';
import type { JsonSchema } from '@/components/editor/types';
import {
  describedBy,
  FieldFrame,
  fieldInputClass,
  ShortLabel,
  type FrameExtras,
} from './field-frame';
import { sliderRange, validateValue } from './json-schema';

export type NumberFieldProps = {
  id: string;
  label: string;
  schema: JsonSchema;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  onReset?: () => void;
  isOptional?: boolean;
  placeholder?: string;
  /** Several nodes are edited together and their values differ. */
  isMixed?: boolean;
  /** Its place in a list, object or record. */
  frame?: FrameExtras;
};

function clamp(n: number, schema: JsonSchema) {
  const low = schema.minimum ?? -Infinity;
  const high = schema.maximum ?? Infinity;
  const clamped = Math.min(high, Math.max(low, n));
  return schema.type === 'integer' ? Math.round(clamped) : Number(clamped.toPrecision(12));
}

export function NumberField(p: NumberFieldProps) {
  const { id, label, schema, value } = p;
  const [draft, setDraft] = useState<string | null>(null);
  const scrub = useRef<{ x: number; start: number; moved: boolean } | null>(null);
  const step = schema.step ?? (schema.type === 'integer' ? 1 : 0.1);
  const range = sliderRange(schema);
  const text = draft ?? (value === undefined ? '' : String(value));
  const isNumber = text.trim() !== '' && Number.isFinite(Number(text));
  const error =
    text.trim() === ''
      ? p.isOptional || p.isMixed
        ? null
        : 'must not be empty (required)'
      : !isNumber
        ? 'must be a number (type)'
        : validateValue(schema, Number(text));

  function commit(next: string) {
    setDraft(next);
    if (next.trim() === '') {
      if (p.isOptional && !p.isMixed) p.onChange(undefined);
    } else if (Number.isFinite(Number(next))) p.onChange(Number(next));
  }

  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    scrub.current = { x: e.clientX, start: value ?? Number(schema.default ?? 0), moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const s = scrub.current;
    if (!s) return;
    const dx = e.clientX - s.x;
    if (!s.moved && Math.abs(dx) < 3) return;
    s.moved = true;
    const factor = e.shiftKey ? 10 : e.altKey ? 0.1 : 1;
    setDraft(null);
    p.onChange(clamp(s.start + Math.round(dx / 4) * step * factor, schema));
  };
  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    if (scrub.current?.moved) e.preventDefault();
    scrub.current = null;
  };

  const scrubbing = {
    onPointerDown,
    onPointerMove,
    onPointerUp,
    title: 'Drag left or right to change (Shift ×10, Alt ×0.1)',
    className: 'cursor-ew-resize text-[12px] font-medium text-slate-300 select-none touch-none',
  };
  const short = p.frame?.shortLabel;
  const labelNode = short ? (
    <span {...scrubbing}>
      <ShortLabel id={id} label={label} short={short} />
    </span>
  ) : (
    <label htmlFor={id} {...scrubbing}>
      {label}
    </label>
  );

  return (
    <FieldFrame
      id={id}
      label={label}
      description={schema.description}
      error={error}
      onReset={p.onReset}
      labelNode={labelNode}
      {...p.frame}
    >
      <div className="flex items-center gap-2">
        {range && (
          <input
            type="range"
            aria-label={`${label} slider`}
            min={range.min}
            max={range.max}
            step={range.step}
            value={value ?? Number(schema.default ?? range.min)}
            onChange={(e) => {
              setDraft(null);
              p.onChange(Number(e.target.value));
            }}
            className="min-w-0 flex-1 accent-sky-500"
          />
        )}
        <input
          id={id}
          type="text"
          inputMode="decimal"
          value={text}
          placeholder={p.isMixed ? '—' : p.placeholder}
          onChange={(e) => commit(e.target.value)}
          onBlur={() => setDraft(null)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
            e.preventDefault();
            const delta = (e.key === 'ArrowUp' ? step : -step) * (e.shiftKey ? 10 : 1);
            setDraft(null);
            p.onChange(clamp((value ?? 0) + delta, schema));
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, schema.description, error)}
          className={`${fieldInputClass} h-7 min-w-0 font-mono tabular-nums ${range ? 'w-24 flex-none' : 'w-full'}`}
        />
      </div>
    </FieldFrame>
  );
}

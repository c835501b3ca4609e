'use client';
/**
 * The frame around one inspector field: its label (which names the property), a tooltip with the
 * description, reset-to-default, and the inline error naming the broken rule.
 */
import type { ReactNode } from 'react';

export type FieldFrameProps = {
  id: string;
  label: string;
  description?: string;
  error?: string | null;
  /** Shown only when the value differs from the default. */
  onReset?: () => void;
  /** The label element itself, when the field needs a special one (scrubbing). */
  labelNode?: ReactNode;
  children: ReactNode;
} & FrameExtras;

/** How a field sits inside a list, object or record of the structured editors. */
export type FrameExtras = {
  /** Label on the left of the control, on one row (Unity's nested fields). */
  inline?: boolean;
  /** Inline, with the label for screen readers only (the row shows it another way: a key). */
  hideLabel?: boolean;
  /** Inline, the visible label ("2") of a label that screen readers get whole ("Case 2"). */
  shortLabel?: string;
  /** Buttons after the control (move, remove an item). */
  actions?: ReactNode;
  /** A control before the field's own, on its row (the type picker of a typed value). */
  prefix?: ReactNode;
  /** What the server said about this field (a refused save or live value). */
  issue?: string | null;
};

export const fieldInputClass =
  'rounded border border-slate-700 bg-slate-950 px-2 text-[13px] text-slate-100 placeholder:text-slate-600 focus:border-sky-500 focus:outline-none aria-[invalid=true]:border-red-500';

/**
 * A label short on screen ("2") and whole for screen readers ("Case 2"). The short text stays
 * outside the <label>, whose text is the field's name.
 */
export function ShortLabel({ id, label, short }: { id: string; label: string; short: string }) {
  return (
    <>
      <span aria-hidden>{short}</span>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
    </>
  );
}

export function describedBy(id: string, description?: string, error?: string | null) {
  const ids = [error ? `${id}-error` : '', description ? `${id}-desc` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** Puts a field back to its default: "↺ default", or "↺" alone in a compact row. */
function ResetButton(p: { label: string; onReset: () => void; compact?: boolean }) {
  return (
    <button
      type="button"
      onClick={p.onReset}
      aria-label={`Reset ${p.label} to default`}
      title="Reset to default"
      className={`rounded text-[11px] text-slate-500 hover:bg-slate-800 hover:text-slate-200 ${p.compact ? 'shrink-0 px-0.5' : 'px-1'}`}
    >
      {p.compact ? '↺' : '↺ default'}
    </button>
  );
}

export function FieldFrame({
  id,
  label,
  description,
  error,
  onReset,
  labelNode,
  children,
  inline,
  hideLabel,
  shortLabel,
  actions,
  prefix,
  issue,
}: FieldFrameProps) {
  const messages = (
    <>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-[11px] text-red-300">
          {error}
        </p>
      )}
      {issue && <p className="mt-1 text-[11px] text-red-300">{issue}</p>}
    </>
  );
  if (inline) {
    return (
      <div className="py-0.5">
        <div className="flex items-center gap-1.5">
          <span
            className={
              hideLabel
                ? 'sr-only'
                : `${shortLabel ? 'w-4 text-right text-slate-500' : 'w-[4.5rem] text-slate-300'} shrink-0 truncate text-[12px]`
            }
            title={description ? `${label}: ${description}` : label}
          >
            {labelNode ??
              (shortLabel ? (
                <ShortLabel id={id} label={label} short={shortLabel} />
              ) : (
                <label htmlFor={id}>{label}</label>
              ))}
          </span>
          {prefix}
          <div className="min-w-0 flex-1">{children}</div>
          {onReset && <ResetButton label={label} onReset={onReset} compact />}
          {actions}
        </div>
        {messages}
      </div>
    );
  }
  return (
    <div className="py-1.5">
      <div className="mb-1 flex items-center gap-1">
        {labelNode ?? (
          <label htmlFor={id} className="text-[12px] font-medium text-slate-300">
            {label}
          </label>
        )}
        {description && (
          <span className="group relative inline-flex">
            <button
              type="button"
              aria-label={`About ${label}`}
              aria-describedby={`${id}-desc`}
              className="grid size-4 place-items-center rounded-full text-[10px] text-slate-500 hover:text-slate-200 focus-visible:text-slate-200"
            >
              ?
            </button>
            <span
              id={`${id}-desc`}
              role="tooltip"
              className="pointer-events-none invisible absolute top-5 left-0 z-20 w-60 rounded-md border border-slate-700 bg-slate-800 px-2 py-1.5 text-[11px] leading-snug text-slate-200 shadow-xl group-focus-within:visible group-hover:visible"
            >
              {description}
            </span>
          </span>
        )}
        <span className="ml-auto flex items-center gap-1">
          {onReset && <ResetButton label={label} onReset={onReset} />}
          {actions}
        </span>
      </div>
      {prefix ? (
        <div className="flex items-center gap-1.5">
          {prefix}
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      ) : (
        children
      )}
      {messages}
    </div>
  );
}

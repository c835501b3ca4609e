'use client';
/**
 * A foldout (Unity's collapsible group) for a list, object or record of the inspector: a group
 * named after its label, a toggle that shows or hides its fields, a summary ("3 items"), the
 * buttons of its row, and the problems found at its own level.
 */
import { useState, type ReactNode } from 'react';

export type FoldoutProps = {
  id: string;
  label: string;
  /** "3 items", "2 entries": shown beside the label. */
  summary?: string;
  description?: string;
  /** Buttons on the header row (JSON toggle, reset, move, remove). */
  actions?: ReactNode;
  error?: string | null;
  issue?: string | null;
  /** Shown only while folded, so a hidden problem is not missed. */
  foldedError?: string | null;
  /** Top level: a bigger label, like the other fields of the inspector. */
  isTop?: boolean;
  children: ReactNode;
};

export function Foldout({
  id,
  label,
  summary,
  description,
  actions,
  error,
  issue,
  foldedError,
  isTop,
  children,
}: FoldoutProps) {
  const [isOpen, setOpen] = useState(true);
  return (
    <div role="group" aria-labelledby={`${id}-label`} className={isTop ? 'py-1.5' : 'py-0.5'}>
      <div className="flex min-h-6 items-center gap-1">
        <button
          type="button"
          id={`${id}-label`}
          aria-expanded={isOpen}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!isOpen)}
          title={description}
          className={`flex min-w-0 items-center gap-1 rounded text-left hover:text-slate-100 ${isTop ? 'text-[12px] font-medium text-slate-300' : 'text-[12px] text-slate-300'}`}
        >
          <span
            aria-hidden
            className={`inline-block w-3 shrink-0 text-[10px] text-slate-500 transition-transform ${isOpen ? 'rotate-90' : ''}`}
          >
            ▶
          </span>
          <span className="truncate">{label}</span>
        </button>
        {summary && (
          <span className="shrink-0 text-[11px] text-slate-500" aria-live="polite">
            {summary}
          </span>
        )}
        <span className="ml-auto flex shrink-0 items-center gap-0.5">{actions}</span>
      </div>
      {isTop && description && (
        <p id={`${id}-desc`} className="pb-1 pl-4 text-[11px] leading-snug text-slate-500">
          {description}
        </p>
      )}
      <div id={`${id}-body`} hidden={!isOpen} className="ml-1.5 border-l border-slate-800 pl-2.5">
        {children}
      </div>
      {(error || (!isOpen && foldedError)) && (
        <p id={`${id}-error`} className="mt-1 text-[11px] text-red-300">
          {error ?? foldedError}
        </p>
      )}
      {issue && <p className="mt-1 text-[11px] text-red-300">{issue}</p>}
    </div>
  );
}

/**
 * A small square button of a row (move, remove). When it cannot be used it stays focusable
 * (aria-disabled) and its tooltip and description say why.
 */
export function RowButton({
  id,
  label,
  glyph,
  onClick,
  disabledReason,
  title,
}: {
  id?: string;
  label: string;
  glyph: string;
  onClick: () => void;
  /** Why it cannot be used now; the button is disabled and says so. */
  disabledReason?: string | null;
  title?: string;
}) {
  return (
    <button
      type="button"
      id={id}
      aria-label={label}
      title={disabledReason ?? title ?? label}
      aria-disabled={disabledReason ? true : undefined}
      onClick={() => !disabledReason && onClick()}
      className="grid size-5 shrink-0 place-items-center rounded text-[11px] text-slate-400 hover:bg-slate-800 hover:text-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-35 aria-disabled:hover:bg-transparent"
    >
      <span aria-hidden>{glyph}</span>
    </button>
  );
}

/** The "+ Add item" button under a list or record. */
export function AddButton({
  id,
  label,
  text,
  onClick,
  disabledReason,
}: {
  id?: string;
  label: string;
  text: string;
  onClick: () => void;
  disabledReason?: string | null;
}) {
  return (
    <button
      type="button"
      id={id}
      aria-label={label}
      title={disabledReason ?? undefined}
      aria-disabled={disabledReason ? true : undefined}
      onClick={() => !disabledReason && onClick()}
      className="mt-1 mb-0.5 rounded border border-dashed border-slate-700 px-2 py-0.5 text-[11px] text-slate-400 hover:border-sky-600 hover:text-sky-300 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 aria-disabled:hover:border-slate-700 aria-disabled:hover:text-slate-400"
    >
      + {text}
    </button>
  );
}

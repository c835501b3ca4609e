'use client';
/**
 * The inputs an output may feed, as a list of real buttons: arrow keys move between them, the
 * refused ones stay focusable (aria-disabled) and say why under their name, so a keyboard or
 * screen-reader user learns the reason a drag would show. At most LIMIT at once; a search field
 * narrows a big graph.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { filterTargets, portLabel, type ConnectTarget } from './keyboard-connect';

const LIMIT = 50;

/** Up and down arrows move the focus through the list's buttons, as in a menu. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const buttons = [...event.currentTarget.querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[at + (event.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

export function ConnectTargets({
  targets,
  onChoose,
}: {
  targets: readonly ConnectTarget[];
  onChoose: (target: ConnectTarget) => void;
}) {
  const [query, setQuery] = useState('');
  const id = useId();
  const search = useRef<HTMLInputElement>(null);
  // After an output was picked its button is gone: the search field takes the focus. (On the
  // dialog's first opening the dialog gives it, as its first field.)
  useEffect(() => search.current?.focus(), []);
  const shown = filterTargets(targets, query);
  return (
    <div>
      <label htmlFor={`${id}-q`} className="text-xs text-slate-400">
        Find an input
      </label>
      <input
        ref={search}
        id={`${id}-q`}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Node name or port"
        className="mt-1 h-9 w-full rounded-md border border-slate-700 bg-slate-950 px-2.5 text-sm text-slate-100 placeholder:text-slate-500"
      />
      <ul
        aria-label="Inputs"
        onKeyDown={moveFocus}
        className="mt-2 max-h-72 divide-y divide-slate-800 overflow-y-auto rounded-lg border border-slate-800"
      >
        {shown.slice(0, LIMIT).map((t, i) => {
          // By place, not by node id: an imported id may hold a space, which splits an IDREF.
          const reasonId = `${id}-why-${i}`;
          return (
            <li key={`${t.nodeId}:${t.port}`} className={t.refusal ? 'pb-2' : undefined}>
              <button
                type="button"
                aria-disabled={t.refusal ? true : undefined}
                aria-describedby={t.refusal ? reasonId : undefined}
                onClick={() => onChoose(t)}
                className={`block w-full px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-400 ${
                  t.refusal
                    ? 'cursor-not-allowed pb-0.5 text-slate-500'
                    : 'text-slate-100 hover:bg-slate-800'
                }`}
              >
                <span className="font-medium">{portLabel(t.nodeName, t.port)}</span>{' '}
                <span className="text-xs text-slate-500">{t.type}</span>
              </button>
              {t.refusal && (
                <p id={reasonId} className="px-3 text-xs text-amber-300/90">
                  {t.refusal}
                </p>
              )}
            </li>
          );
        })}
        {shown.length === 0 && (
          <li className="px-3 py-2 text-sm text-slate-400">No input matches “{query}”.</li>
        )}
      </ul>
      {shown.length > LIMIT && (
        <p className="mt-1 text-xs text-slate-400">
          Showing {LIMIT} of {shown.length}: type to narrow.
        </p>
      )}
    </div>
  );
}

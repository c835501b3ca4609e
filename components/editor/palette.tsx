'use client';
/**
 * The node types of the catalog, grouped by category and searchable. Drag one onto the canvas to
 * add it where it is dropped; click it (or press Enter on it) to add it at the canvas centre.
 */
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { categoryOrder, categoryStyle } from './node-style';
import { NODE_DRAG_TYPE } from './palette-drag';
import { useEditorStore } from './store-provider';
import type { NodeTypeEntry } from './types';

function groupByCategory(entries: NodeTypeEntry[], query: string) {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, NodeTypeEntry[]>();
  for (const e of entries) {
    const text = `${e.title} ${e.type} ${e.category} ${e.description}`.toLowerCase();
    if (q && !q.split(/\s+/).every((word) => text.includes(word))) continue;
    groups.set(e.category, [...(groups.get(e.category) ?? []), e]);
  }
  const rank = (c: string) => {
    const i = categoryOrder.indexOf(c);
    return i < 0 ? categoryOrder.length : i;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function PaletteItem({ entry, onAdd }: { entry: NodeTypeEntry; onAdd: (type: string) => void }) {
  const id = useId();
  const look = categoryStyle(entry.category);
  return (
    <li>
      <button
        type="button"
        draggable
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        onDragStart={(event) => {
          event.dataTransfer.setData(NODE_DRAG_TYPE, entry.type);
          event.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => onAdd(entry.type)}
        className="group flex w-full cursor-grab items-start gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-800 active:cursor-grabbing"
      >
        <span
          aria-hidden
          className={`mt-0.5 grid size-5 shrink-0 place-items-center rounded text-[10px] font-bold ${look.badge}`}
        >
          {look.glyph}
        </span>
        <span className="min-w-0">
          <span id={`${id}-title`} className="block text-[13px] font-medium text-slate-100">
            {entry.title}
          </span>
          <span id={`${id}-desc`} className="line-clamp-2 text-[11px] leading-snug text-slate-400">
            {entry.description}
          </span>
        </span>
      </button>
    </li>
  );
}

export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const catalog = useEditorStore((s) => s.catalog);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const groups = useMemo(
    () => groupByCategory(Object.values(catalog), deferred),
    [catalog, deferred],
  );
  const searchId = useId();
  return (
    <aside
      aria-label="Node palette"
      className="flex w-60 shrink-0 flex-col border-r border-slate-800 bg-slate-900/60"
    >
      <div className="border-b border-slate-800 p-2">
        <label htmlFor={searchId} className="sr-only">
          Search nodes
        </label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search nodes…"
          className="h-8 w-full rounded-md border border-slate-700 bg-slate-950 px-2.5 text-sm placeholder:text-slate-500 focus:border-sky-500 focus:outline-none"
        />
      </div>
      <div className="flex-1 overflow-y-auto px-1.5 py-2">
        {groups.length === 0 && (
          <p className="px-2 text-sm text-slate-400">No node type matches “{deferred}”.</p>
        )}
        {groups.map(([category, entries]) => (
          <section key={category} aria-label={category} className="mb-3">
            <h3 className="px-2 pb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">
              {category}
            </h3>
            <ul>
              {entries.map((entry) => (
                <PaletteItem key={entry.type} entry={entry} onAdd={onAdd} />
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="border-t border-slate-800 px-3 py-2 text-[11px] text-slate-500">
        Drag onto the canvas, or click to add at the centre.
      </p>
    </aside>
  );
}

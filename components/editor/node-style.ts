/** How categories and run statuses look on the canvas, the palette and the minimap. */
import type { NodeStatus } from '@/lib/events';

type CategoryStyle = { glyph: string; badge: string; color: string };

const categories: Record<string, CategoryStyle> = {
  Triggers: { glyph: '▶', badge: 'bg-amber-500/15 text-amber-300', color: '#f59e0b' },
  Logic: { glyph: '◆', badge: 'bg-violet-500/15 text-violet-300', color: '#8b5cf6' },
  Data: { glyph: '{}', badge: 'bg-sky-500/15 text-sky-300', color: '#0ea5e9' },
  Network: { glyph: '⇄', badge: 'bg-emerald-500/15 text-emerald-300', color: '#10b981' },
  Trading: { glyph: '$', badge: 'bg-rose-500/15 text-rose-300', color: '#f43f5e' },
  Utility: { glyph: '≡', badge: 'bg-slate-500/20 text-slate-300', color: '#64748b' },
};

export function categoryStyle(category: string | undefined): CategoryStyle {
  return categories[category ?? ''] ?? categories.Utility!;
}

/** Palette order of the categories; unknown ones come after, alphabetically. */
export const categoryOrder = Object.keys(categories);

/** Ring (border) and label colour per status. */
export const statusStyle: Record<NodeStatus, { ring: string; text: string; label: string }> = {
  idle: { ring: 'border-slate-700', text: 'text-slate-500', label: 'Idle' },
  queued: { ring: 'border-slate-400 border-dashed', text: 'text-slate-300', label: 'Queued' },
  running: {
    ring: 'border-sky-400 shadow-[0_0_0_3px_rgb(56_189_248/0.3)]',
    text: 'text-sky-300',
    label: 'Running',
  },
  succeeded: { ring: 'border-emerald-500', text: 'text-emerald-300', label: 'Succeeded' },
  failed: {
    ring: 'border-red-500 shadow-[0_0_0_3px_rgb(239_68_68/0.25)]',
    text: 'text-red-300',
    label: 'Failed',
  },
  skipped: {
    ring: 'border-slate-600 border-dashed opacity-60',
    text: 'text-slate-400',
    label: 'Skipped',
  },
  waiting: { ring: 'border-amber-400', text: 'text-amber-300', label: 'Waiting' },
  halted: { ring: 'border-orange-500', text: 'text-orange-300', label: 'Halted' },
  cancelled: { ring: 'border-zinc-500', text: 'text-zinc-400', label: 'Cancelled' },
};

/** "850 ms", "1.2 s", "3 min". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

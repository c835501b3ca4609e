/** How execution statuses and trigger kinds read and look in the history views. */
import type { ExecutionStatus, TriggerKind } from '@/lib/events';

export const executionStatusStyle: Record<
  ExecutionStatus,
  { label: string; badge: string; bar: string; dot: string }
> = {
  queued: {
    label: 'Queued',
    badge: 'bg-slate-800 text-slate-200 ring-slate-600',
    bar: 'bg-slate-500',
    dot: 'bg-slate-400',
  },
  running: {
    label: 'Running',
    badge: 'bg-sky-950 text-sky-200 ring-sky-700',
    bar: 'bg-sky-500',
    dot: 'bg-sky-400',
  },
  waiting: {
    label: 'Waiting',
    badge: 'bg-amber-950 text-amber-200 ring-amber-700',
    bar: 'bg-amber-500',
    dot: 'bg-amber-400',
  },
  halted: {
    label: 'Halted',
    badge: 'bg-orange-950 text-orange-200 ring-orange-700',
    bar: 'bg-orange-500',
    dot: 'bg-orange-400',
  },
  succeeded: {
    label: 'Succeeded',
    badge: 'bg-emerald-950 text-emerald-200 ring-emerald-700',
    bar: 'bg-emerald-500',
    dot: 'bg-emerald-400',
  },
  failed: {
    label: 'Failed',
    badge: 'bg-red-950 text-red-200 ring-red-700',
    bar: 'bg-red-500',
    dot: 'bg-red-400',
  },
  cancelled: {
    label: 'Cancelled',
    badge: 'bg-zinc-800 text-zinc-300 ring-zinc-600',
    bar: 'bg-zinc-500',
    dot: 'bg-zinc-400',
  },
};

/** Node-run statuses: the execution ones plus `skipped`. */
export function runBarClass(status: string): string {
  if (status === 'skipped') return 'bg-slate-700';
  return executionStatusStyle[status as ExecutionStatus]?.bar ?? 'bg-slate-500';
}

export const triggerLabel: Record<TriggerKind, string> = {
  manual: 'Manual',
  interval: 'Interval',
  cron: 'Cron',
  webhook: 'Webhook',
  event: 'Event',
  rerun: 'Re-run',
};

/** Statuses an execution can still leave: it can be cancelled and is never deleted. */
export const unfinishedStatuses: ReadonlySet<ExecutionStatus> = new Set([
  'queued',
  'running',
  'waiting',
  'halted',
]);

export function StatusBadge({ status }: { status: ExecutionStatus }) {
  const look = executionStatusStyle[status];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${look.badge}`}
    >
      <span
        aria-hidden
        className={`size-1.5 rounded-full ${look.dot} ${status === 'running' ? 'animate-pulse' : ''}`}
      />
      {look.label}
    </span>
  );
}

/** A count as shown: "1,234", or "10,000+" when it reached the server's counting cap. */
export function countLabel(n: number, cap?: number): string {
  return `${n.toLocaleString('en')}${cap !== undefined && n >= cap ? '+' : ''}`;
}

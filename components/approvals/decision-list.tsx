'use client';
/** The latest decisions: what, which way, by whom, when, and the comment. */
import { absoluteTime, relativeTime } from '@/lib/format';
import type { Decision } from './approvals-stream';
import { orderLine, orderSummary } from './order-details';

const LOOK: Record<Decision['decision'], { label: string; className: string }> = {
  approved: { label: 'Approved', className: 'bg-emerald-900 text-emerald-200' },
  rejected: { label: 'Rejected', className: 'bg-rose-900 text-rose-200' },
  timed_out: { label: 'Timed out', className: 'bg-slate-700 text-slate-200' },
  withdrawn: { label: 'Withdrawn', className: 'bg-zinc-800 text-zinc-300' },
};

export function DecisionList({
  decisions,
  nameOf,
}: {
  decisions: Decision[];
  nameOf: (workflowId: string) => string;
}) {
  if (decisions.length === 0)
    return (
      <p className="mt-3 text-sm text-slate-400">
        No decisions yet. Decisions made here, in another tab or by a timeout show up here as they
        happen.
      </p>
    );
  return (
    <ul
      aria-label="Recent decisions"
      className="mt-3 divide-y divide-slate-800 rounded-xl border border-slate-800"
    >
      {decisions.map((d) => {
        const look = LOOK[d.decision];
        const o = d.details ? orderSummary(d.details) : null;
        return (
          <li
            key={d.approvalId}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm"
          >
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${look.className}`}>
              {look.label}
            </span>
            <span className="font-medium">{(o && orderLine(o)) ?? o?.title ?? 'Approval'}</span>
            <span className="text-slate-400">in {nameOf(d.workflowId)}</span>
            <span className="text-slate-300">
              by <strong className="font-medium">{d.by}</strong>{' '}
              <time dateTime={d.decidedAt.toISOString()} title={absoluteTime(d.decidedAt)}>
                {relativeTime(d.decidedAt)}
              </time>
            </span>
            {d.comment && <span className="w-full text-slate-400">“{d.comment}”</span>}
          </li>
        );
      })}
    </ul>
  );
}

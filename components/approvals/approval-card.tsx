'use client';
/** One pending approval: what the order is, where it comes from, when it expires, and the decision. */
import Link from 'next/link';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { absoluteTime, relativeTime } from '@/lib/format';
import { formatAmount, formatMoney, orderSummary } from './order-details';
import type { PendingApproval } from './use-approvals';

export type ApprovalCardProps = {
  approval: PendingApproval;
  workflowName: string;
  now: Date;
  isDeciding: boolean;
  onDecide(decision: 'approve' | 'reject', comment: string): void;
};

export function ApprovalCard({
  approval,
  workflowName,
  now,
  isDeciding,
  onDecide,
}: ApprovalCardProps) {
  const id = useId();
  const [comment, setComment] = useState('');
  const o = orderSummary(approval.details);
  const isOrder = o.symbol !== null && o.legs.length > 0;
  return (
    <article
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-slate-700 bg-slate-900/70 p-5"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${id}-title`} className="text-base font-semibold">
          {o.title}
        </h3>
        <p className="text-xs text-slate-400">
          Requested{' '}
          <time
            dateTime={approval.requestedAt.toISOString()}
            title={absoluteTime(approval.requestedAt)}
          >
            {relativeTime(approval.requestedAt, now)}
          </time>
          {approval.expiresAt && (
            <>
              {' · '}
              <span
                className={
                  approval.expiresAt.getTime() - now.getTime() < 60_000 ? 'text-amber-300' : ''
                }
              >
                expires{' '}
                <time
                  dateTime={approval.expiresAt.toISOString()}
                  title={absoluteTime(approval.expiresAt)}
                >
                  {expiresIn(approval.expiresAt, now)}
                </time>
              </span>
            </>
          )}
        </p>
      </div>
      {o.summary && <p className="mt-1 text-sm text-slate-300">{o.summary}</p>}

      {isOrder ? (
        <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
          <Field label="Symbol">{o.symbol}</Field>
          <Field label="Side">
            {o.legs.map((leg) => (
              <span key={leg.side} className="block">
                <span className={leg.side === 'buy' ? 'text-emerald-300' : 'text-rose-300'}>
                  {leg.side.toUpperCase()}
                </span>
                {leg.venue && <span className="text-slate-400"> {leg.venue}</span>}
              </span>
            ))}
          </Field>
          <Field label="Size">{formatAmount(o.quantity)}</Field>
          <Field label="Price">
            {o.legs.map((leg) => (
              <span key={leg.side} className="block">
                {formatMoney(leg.price)}
              </span>
            ))}
          </Field>
          <Field label="Notional">
            <strong className="font-semibold">{formatMoney(o.notional)}</strong>
            {o.netProfit !== null && (
              <span className="block text-xs text-slate-400">
                net profit {formatMoney(o.netProfit)}
              </span>
            )}
          </Field>
          <Field label="Workflow">
            <Link
              href={`/workflows/${encodeURIComponent(approval.workflowId)}`}
              className="text-sky-300 hover:underline"
            >
              {workflowName}
            </Link>
          </Field>
        </dl>
      ) : (
        <div className="mt-3 text-sm">
          <p>
            From{' '}
            <Link
              href={`/workflows/${encodeURIComponent(approval.workflowId)}`}
              className="text-sky-300 hover:underline"
            >
              {workflowName}
            </Link>
          </p>
          <pre className="mt-2 max-h-40 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-300">
            {JSON.stringify(o.raw, null, 2)}
          </pre>
        </div>
      )}

      <form
        className="mt-4 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          onDecide('approve', comment);
        }}
      >
        <div className="min-w-60 flex-1">
          <label htmlFor={`${id}-comment`} className="block text-xs font-medium text-slate-300">
            Comment (optional)
          </label>
          <input
            id={`${id}-comment`}
            value={comment}
            maxLength={2_000}
            onChange={(e) => setComment(e.target.value)}
            placeholder="Why you decide so, for the record"
            className="mt-1 block h-9 w-full rounded-md border border-slate-600 bg-slate-950 px-3 text-sm placeholder:text-slate-500"
          />
        </div>
        <Button
          variant="danger-ghost"
          disabled={isDeciding}
          onClick={() => onDecide('reject', comment)}
        >
          Reject
        </Button>
        <Button type="submit" variant="primary" disabled={isDeciding}>
          Approve
        </Button>
      </form>
    </article>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs tracking-wide text-slate-400 uppercase">{label}</dt>
      <dd className="mt-0.5 tabular-nums">{children}</dd>
    </div>
  );
}

function expiresIn(at: Date, now: Date) {
  const s = Math.round((at.getTime() - now.getTime()) / 1000);
  if (s <= 0) return 'now';
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
  return relativeTime(at, now);
}

'use client';
/**
 * One execution (`/executions/<id>`): what ran and when, its timeline of node runs with their
 * payloads, its logs and live props, and the actions on it. Live while it runs.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { formatDuration } from '@/components/editor/node-style';
import { absoluteTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc/client';
import { ExecutionActions } from './execution-actions';
import { ExecutionIo } from './execution-io';
import { ExecutionLogs, LivePropsTable } from './execution-logs';
import { StatusBadge, triggerLabel, unfinishedStatuses } from './status';
import { Timeline } from './timeline';
import type { ExecutionDetail as Detail } from './types';
import { useExecutionLive } from './use-execution-live';

export function ExecutionDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.executions.get.queryOptions({ id }, { retry: false }));
  const logs = useQuery(trpc.executions.logs.queryOptions({ id }, { retry: false }));
  const status = detail.data?.execution.status;
  const isActive = status !== undefined && unfinishedStatuses.has(status);
  useExecutionLive(id, isActive);
  const now = useNow(isActive);

  if (detail.isError)
    return (
      <div role="alert" className="rounded-md border border-red-800 bg-red-950 p-4 text-red-200">
        <p>
          Could not open execution {id}: {detail.error.message}
        </p>
        <Link href="/executions" className="mt-2 inline-block underline">
          Back to executions
        </Link>
      </div>
    );
  if (!detail.data) return <p className="text-slate-400">Loading execution…</p>;

  const { execution: x, nodeRuns, workflow, liveProps } = detail.data;
  return (
    <article aria-labelledby="execution-heading" className="space-y-8">
      <Header
        x={x}
        now={now}
        failedNode={workflow.nodes.find((n) => n.id === x.error?.nodeId)?.name}
      />
      <ExecutionActions
        id={x.id}
        workflowId={x.workflowId}
        workflowVersion={x.workflowVersion}
        status={x.status}
      />
      <ExecutionIo id={x.id} input={x.input} output={x.output} />
      <Timeline
        executionId={x.id}
        runs={nodeRuns}
        workflow={workflow}
        startedAt={x.startedAt}
        finishedAt={x.finishedAt}
        now={now}
      />
      <ExecutionLogs
        lines={logs.data?.lines}
        workflow={workflow}
        isLoading={logs.isPending}
        error={logs.error?.message}
      />
      <LivePropsTable changes={liveProps} workflow={workflow} />
    </article>
  );
}

/** The current time, ticking once a second while `isTicking` (for running bars and durations). */
function useNow(isTicking: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isTicking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [isTicking]);
  return now;
}

function Header({
  x,
  now,
  failedNode,
}: {
  x: Detail['execution'];
  now: number;
  failedNode: string | undefined;
}) {
  const started = new Date(x.startedAt);
  const finished = x.finishedAt ? new Date(x.finishedAt) : null;
  const duration = (finished?.getTime() ?? now) - started.getTime();
  return (
    <header className="space-y-4">
      <Link href="/executions" className="text-sm text-slate-400 hover:text-slate-200">
        ← Executions
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="execution-heading" className="text-2xl font-semibold tracking-tight">
          Execution <span className="font-mono text-xl text-slate-300">{x.id}</span>
        </h1>
        <span role="status" aria-label={`Execution status: ${x.status}`}>
          <StatusBadge status={x.status} />
        </span>
      </div>
      <dl className="flex flex-wrap gap-x-10 gap-y-3 rounded-xl border border-slate-800 bg-slate-900/50 p-4 text-sm">
        <Field label="Workflow">
          <Link
            href={`/workflows/${encodeURIComponent(x.workflowId)}`}
            className="text-sky-300 hover:underline"
          >
            {x.workflowName}
          </Link>{' '}
          <span className="text-slate-400">v{x.workflowVersion}</span>
        </Field>
        <Field label="Trigger">{triggerLabel[x.triggerKind] ?? x.triggerKind}</Field>
        <Field label="Started">
          <time dateTime={started.toISOString()}>{absoluteTime(started)}</time>
        </Field>
        <Field label="Finished">
          {finished ? (
            <time dateTime={finished.toISOString()}>{absoluteTime(finished)}</time>
          ) : (
            <span className="text-slate-400">not yet</span>
          )}
        </Field>
        <Field label="Duration">
          <span className="tabular-nums">{formatDuration(Math.max(0, duration))}</span>
        </Field>
        <Field label="Nodes">
          <span className="text-emerald-300">{x.nodesSucceeded} succeeded</span>
          {x.nodesFailed > 0 && <span className="text-red-300">, {x.nodesFailed} failed</span>}
        </Field>
        {x.rerunOf && (
          <Field label="Re-run of">
            <Link
              href={`/executions/${encodeURIComponent(x.rerunOf)}`}
              className="font-mono text-sky-300 hover:underline"
            >
              {x.rerunOf}
            </Link>
          </Field>
        )}
      </dl>
      {x.error && (
        <div role="note" className="rounded-md border border-red-900 bg-red-950/60 p-3 text-sm">
          {/* A cancelled execution records why in `error` too: it did not fail. */}
          <span className="font-medium text-red-200">
            {x.status === 'cancelled' ? 'Cancelled' : 'Failed'}
          </span>
          {x.error.nodeId && (
            <span className="text-red-300"> at {failedNode ?? `node ${x.error.nodeId}`}</span>
          )}
          : <span className="text-red-100">{x.error.message}</span>{' '}
          <span className="font-mono text-xs text-red-400">{x.error.code}</span>
        </div>
      )}
    </header>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="max-w-80 min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-slate-200">{children}</dd>
    </div>
  );
}

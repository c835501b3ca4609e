'use client';
/**
 * The node runs of one execution on a time axis (Gantt-like): one bar per attempt, so retries are
 * separate bars, coloured by status. A row opens its input, output and error; failed attempts
 * start open, since they are what a user comes to see.
 */
import { useId, useState } from 'react';
import { formatDuration } from '@/components/editor/node-style';
import type { Workflow } from '@/lib/workflow';
import { NodeRunPayloads } from './node-run-payloads';
import { runBarClass } from './status';
import type { NodeRun } from './types';

type Props = {
  executionId: string;
  runs: NodeRun[];
  workflow: Workflow;
  startedAt: Date;
  finishedAt: Date | null;
  /** "Now" for the bars of runs still going. */
  now: number;
};

export function Timeline({ executionId, runs, workflow, startedAt, finishedAt, now }: Props) {
  const names = new Map(workflow.nodes.map((n) => [n.id, n.name]));
  const t0 = new Date(startedAt).getTime();
  const ends = runs.map((r) => (r.finishedAt ? new Date(r.finishedAt).getTime() : now));
  const end = Math.max(finishedAt ? new Date(finishedAt).getTime() : now, ...ends, t0 + 1);
  const span = end - t0;
  const attempts = new Map<string, number>();
  for (const r of runs) attempts.set(r.nodeId, Math.max(attempts.get(r.nodeId) ?? 0, r.attempt));

  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <div className="flex items-baseline justify-between">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <span className="text-xs text-slate-500">
          {runs.length} node run{runs.length === 1 ? '' : 's'} · {formatDuration(span)}
        </span>
      </div>
      {runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-700 p-6 text-center text-sm text-slate-400">
          No node has run yet.
        </p>
      ) : (
        <ol className="divide-y divide-slate-800 rounded-xl border border-slate-800 bg-slate-900/40">
          {runs.map((run, i) => (
            <TimelineRow
              key={run.id}
              executionId={executionId}
              run={run}
              name={names.get(run.nodeId) ?? run.nodeId}
              hasRetries={(attempts.get(run.nodeId) ?? 1) > 1}
              left={((new Date(run.startedAt).getTime() - t0) / span) * 100}
              width={(((ends[i] ?? now) - new Date(run.startedAt).getTime()) / span) * 100}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function TimelineRow({
  executionId,
  run,
  name,
  hasRetries,
  left,
  width,
}: {
  executionId: string;
  run: NodeRun;
  name: string;
  hasRetries: boolean;
  left: number;
  width: number;
}) {
  const [isOpen, setOpen] = useState(run.status === 'failed');
  const panelId = useId();
  const duration = run.durationMs ?? null;
  const label = `${name}${hasRetries ? `, attempt ${run.attempt}` : ''}: ${run.status}`;
  return (
    <li data-node-id={run.nodeId} data-status={run.status}>
      <button
        type="button"
        aria-expanded={isOpen}
        aria-controls={panelId}
        aria-label={label}
        onClick={() => setOpen(!isOpen)}
        className="grid w-full grid-cols-[14rem_1fr_4.5rem] items-center gap-3 px-3 py-2 text-left hover:bg-slate-800/50"
      >
        <span className="flex min-w-0 items-center gap-2">
          <span aria-hidden className="w-3 text-slate-500">
            {isOpen ? '▾' : '▸'}
          </span>
          <span className="truncate text-sm text-slate-100">{name}</span>
          {hasRetries && (
            <span className="shrink-0 rounded bg-slate-800 px-1.5 text-[11px] text-slate-300">
              try {run.attempt}
            </span>
          )}
        </span>
        <span className="relative h-4 rounded bg-slate-800/60">
          <span
            aria-hidden
            className={`absolute inset-y-0 rounded ${runBarClass(run.status)} ${run.status === 'running' ? 'animate-pulse' : ''}`}
            style={{ left: `${Math.min(left, 99.5)}%`, width: `max(${Math.max(width, 0)}%, 3px)` }}
          />
        </span>
        <span className="text-right text-xs text-slate-400 tabular-nums">
          {duration !== null ? formatDuration(duration) : run.status}
        </span>
      </button>
      {isOpen && (
        <div id={panelId} className="space-y-3 border-t border-slate-800 bg-slate-950/40 px-4 py-3">
          <p className="text-xs text-slate-400">
            <span className="font-mono">{run.nodeId}</span> · {run.nodeType} · attempt {run.attempt}{' '}
            · <span className={statusText(run.status)}>{run.status}</span>
          </p>
          <NodeRunPayloads executionId={executionId} run={run} />
        </div>
      )}
    </li>
  );
}

function statusText(status: string) {
  if (status === 'failed') return 'text-red-300';
  if (status === 'succeeded') return 'text-emerald-300';
  return 'text-slate-300';
}

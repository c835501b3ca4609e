'use client';
/** The rows of the execution list: one execution per row, its id linking to the detail page. */
import Link from 'next/link';
import { formatDuration } from '@/components/editor/node-style';
import { absoluteTime, relativeTime } from '@/lib/format';
import { StatusBadge, triggerLabel } from './status';
import type { ExecutionSummary } from './types';

const th = 'py-2 pr-4 font-medium';

export function ExecutionTable({
  items,
  showWorkflow = true,
}: {
  items: ExecutionSummary[];
  showWorkflow?: boolean;
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Executions, newest first</caption>
      <thead className="border-b border-slate-800 text-xs tracking-wide text-slate-400 uppercase">
        <tr>
          <th scope="col" className={th}>
            Execution
          </th>
          <th scope="col" className={th}>
            Status
          </th>
          {showWorkflow && (
            <th scope="col" className={th}>
              Workflow
            </th>
          )}
          <th scope="col" className={th}>
            Trigger
          </th>
          <th scope="col" className={th}>
            Started
          </th>
          <th scope="col" className={`${th} text-right`}>
            Duration
          </th>
          <th scope="col" className="py-2 text-right font-medium">
            Nodes
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-800/80">
        {items.map((x) => (
          <ExecutionRow key={x.id} x={x} showWorkflow={showWorkflow} />
        ))}
      </tbody>
    </table>
  );
}

function ExecutionRow({ x, showWorkflow }: { x: ExecutionSummary; showWorkflow: boolean }) {
  return (
    <tr className="hover:bg-slate-900/60">
      <th scope="row" className="py-2.5 pr-4 font-normal">
        <Link
          href={`/executions/${encodeURIComponent(x.id)}`}
          aria-label={`Execution ${x.id}`}
          title={x.id}
          className="font-mono text-[13px] text-sky-300 hover:text-sky-200 hover:underline"
        >
          {x.id.slice(0, 10)}
        </Link>
        {x.rerunOf && <span className="ml-2 text-xs text-slate-500">re-run</span>}
      </th>
      <td className="py-2.5 pr-4">
        <StatusBadge status={x.status} />
      </td>
      {showWorkflow && (
        <td className="max-w-64 py-2.5 pr-4">
          <span className="block truncate text-slate-100" title={x.workflowName}>
            {x.workflowName}
          </span>
          <span className="text-xs text-slate-500 tabular-nums">v{x.workflowVersion}</span>
        </td>
      )}
      <td className="py-2.5 pr-4 text-slate-300">{triggerLabel[x.triggerKind] ?? x.triggerKind}</td>
      <td className="py-2.5 pr-4 whitespace-nowrap text-slate-300">
        <time
          dateTime={new Date(x.startedAt).toISOString()}
          title={absoluteTime(new Date(x.startedAt))}
        >
          {relativeTime(new Date(x.startedAt))}
        </time>
      </td>
      <td className="py-2.5 pr-4 text-right whitespace-nowrap text-slate-300 tabular-nums">
        {x.durationMs !== null ? (
          formatDuration(x.durationMs)
        ) : (
          <span className="text-slate-500">—</span>
        )}
      </td>
      <td className="py-2.5 text-right whitespace-nowrap tabular-nums">
        <span className="text-emerald-300" title={`${x.nodesSucceeded} nodes succeeded`}>
          <span aria-hidden>✓ </span>
          {x.nodesSucceeded}
          <span className="sr-only"> succeeded</span>
        </span>
        <span
          className={`ml-3 ${x.nodesFailed > 0 ? 'text-red-300' : 'text-slate-600'}`}
          title={`${x.nodesFailed} nodes failed`}
        >
          <span aria-hidden>✗ </span>
          {x.nodesFailed}
          <span className="sr-only"> failed</span>
        </span>
      </td>
    </tr>
  );
}

'use client';
/** The side panel of a replay: the selected node's recorded attempts, with input, output, error. */
import { formatDuration, statusStyle } from '@/components/editor/node-style';
import type { EditorNode } from '@/components/editor/types';
import type { NodeStatus } from '@/lib/events';
import { NodeRunPayloads } from './node-run-payloads';
import type { NodeRun } from './types';

export function ReplayNodePanel({
  executionId,
  node,
  runs,
}: {
  executionId: string;
  node: EditorNode | null;
  runs: NodeRun[];
}) {
  return (
    <aside
      aria-label="Recorded run"
      className="flex w-96 shrink-0 flex-col overflow-y-auto border-l border-slate-800 bg-slate-900/60"
    >
      {!node ? (
        <p className="p-4 text-sm text-slate-400">
          Select a node to see what it received and produced in this execution.
        </p>
      ) : (
        <div className="space-y-4 p-4">
          <div>
            <h2 className="text-base font-semibold">{node.data.name}</h2>
            <p className="font-mono text-xs text-slate-500">
              {node.id} · {node.data.type}
            </p>
          </div>
          {runs.length === 0 && (
            <p className="text-sm text-slate-400">This node did not run in this execution.</p>
          )}
          {runs.map((run) => {
            const look = statusStyle[run.status as NodeStatus] ?? statusStyle.idle;
            return (
              <section
                key={run.id}
                aria-label={`Attempt ${run.attempt}`}
                className="space-y-2 rounded-lg border border-slate-800 p-3"
              >
                <p className="text-xs text-slate-400">
                  Attempt {run.attempt} · <span className={look.text}>{look.label}</span>
                  {run.durationMs !== null && ` · ${formatDuration(run.durationMs)}`}
                </p>
                <NodeRunPayloads executionId={executionId} run={run} />
              </section>
            );
          })}
        </div>
      )}
    </aside>
  );
}

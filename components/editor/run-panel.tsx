'use client';
/** The run being watched: its status, a Cancel button while it runs, and its events in order. */
import type { RuntimeEvent } from '@/lib/events';
import { Button } from '@/components/ui/button';
import { isRunFinished } from './run-state';
import { formatDuration, statusStyle } from './node-style';
import { useEditorStore, useEditorStoreApi } from './store-provider';

function detailOf(event: RuntimeEvent): string {
  switch (event.type) {
    case 'node_completed':
      return `${formatDuration(event.durationMs)}${event.preview ? ` · ${event.preview}` : ''}`;
    case 'node_failed':
      return `${formatDuration(event.durationMs)} · ${event.error.message}`;
    case 'node_retrying':
      return `attempt ${event.attempt} failed, retrying in ${formatDuration(event.delayMs)}: ${event.error.message}`;
    case 'node_skipped':
    case 'execution_halted':
    case 'execution_resumed':
    case 'execution_cancelled':
      return event.reason;
    case 'node_waiting':
      return event.reason;
    case 'execution_completed':
      return formatDuration(event.durationMs);
    case 'execution_failed':
      return event.error.message;
    case 'execution_started':
      return `${event.trigger}, version ${event.workflowVersion}`;
    case 'approval_resolved':
      return `${event.decision.replace('_', ' ')} by ${event.by}`;
    default:
      return '';
  }
}

export function RunPanel({ onCancel }: { onCancel: () => void }) {
  const store = useEditorStoreApi();
  const run = useEditorStore((s) => s.run);
  if (!run) return null;
  // Read, not subscribed: the panel must not re-render on every frame of a node drag.
  const names = new Map(store.getState().nodes.map((n) => [n.id, n.data.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const look = statusStyle[run.status];
  const t0 = run.events[0]?.ts ?? 0;
  return (
    <section aria-label="Run" className="flex min-w-0 flex-1 flex-col bg-slate-900/80">
      <div className="flex items-center gap-3 border-b border-slate-800 px-3 py-1.5 text-xs">
        <h2 className="font-semibold text-slate-200">Run</h2>
        <span className="font-mono text-slate-500">{run.executionId}</span>
        <span role="status" className={`font-medium ${look.text}`}>
          {look.label}
        </span>
        {!isRunFinished(run) && (
          <Button size="sm" variant="danger-ghost" className="ml-auto !h-6" onClick={onCancel}>
            Cancel run
          </Button>
        )}
      </div>
      <ol
        aria-label="Run events"
        className="flex-1 overflow-y-auto px-3 py-1 font-mono text-[11px]"
      >
        {run.events.map((e) => (
          <li key={e.seq} className="flex gap-3 py-0.5">
            <span className="w-14 shrink-0 text-right text-slate-500 tabular-nums">
              +{Math.max(0, e.ts - t0)} ms
            </span>
            <span
              className={`w-36 shrink-0 ${e.type.endsWith('failed') ? 'text-red-300' : 'text-slate-300'}`}
            >
              {e.type}
            </span>
            <span className="w-40 shrink-0 truncate text-slate-200">
              {'nodeId' in e ? nameOf(e.nodeId) : ''}
            </span>
            <span
              className={`min-w-0 truncate ${e.type === 'node_failed' ? 'text-red-300' : 'text-slate-400'}`}
              title={detailOf(e)}
            >
              {detailOf(e)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

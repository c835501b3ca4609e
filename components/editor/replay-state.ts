/**
 * What the canvas shows when it replays a recorded execution: each node's status and result
 * from its last recorded attempt. Pure, so it is tested without React.
 */
import { nodeStatuses, type NodeStatus } from '@/lib/events';
import type { NodeResult } from './types';

export type RecordedRun = {
  nodeId: string;
  attempt: number;
  status: string;
  outputs: unknown;
  error: unknown;
  durationMs: number | null;
};

const PREVIEW_CHARS = 200;
const known: ReadonlySet<string> = new Set(nodeStatuses);

function previewOf(outputs: unknown): string | undefined {
  if (outputs === null || outputs === undefined) return undefined;
  const json = JSON.stringify(outputs);
  return json.length > PREVIEW_CHARS ? `${json.slice(0, PREVIEW_CHARS - 1)}…` : json;
}

function errorOf(error: unknown): NodeResult['error'] {
  if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
  const e = error as { code?: unknown; message: unknown };
  return { code: String(e.code ?? 'ERROR'), message: String(e.message) };
}

/** The status and result of every node that ran, from its last attempt. */
export function replayState(runs: readonly RecordedRun[]): {
  status: Record<string, NodeStatus>;
  results: Record<string, NodeResult>;
} {
  const last = new Map<string, RecordedRun>();
  for (const run of runs) {
    const seen = last.get(run.nodeId);
    if (!seen || run.attempt >= seen.attempt) last.set(run.nodeId, run);
  }
  const status: Record<string, NodeStatus> = {};
  const results: Record<string, NodeResult> = {};
  for (const [nodeId, run] of last) {
    status[nodeId] = known.has(run.status) ? (run.status as NodeStatus) : 'idle';
    results[nodeId] = {
      attempt: run.attempt,
      durationMs: run.durationMs ?? undefined,
      preview: previewOf(run.outputs),
      error: errorOf(run.error),
    };
  }
  return { status, results };
}

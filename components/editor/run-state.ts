/**
 * The run the canvas shows: which execution it follows, that execution's status, and how the
 * streamed snapshots and events change each node's status and last result. Pure: the store
 * calls `foldRunBatch` once per animation frame with everything that arrived.
 */
import {
  nodeStatusOf,
  type ExecutionSnapshot,
  type ExecutionStatus,
  type NodeStatus,
  type RuntimeEvent,
} from '@/lib/events';
import type { NodeResult } from './types';

export type RunState = {
  executionId: string;
  status: ExecutionStatus;
  /** The last event folded in; older or repeated ones (a second stream, a replay) are dropped. */
  seq: number;
  /** The events of this execution as they came, at most EVENT_LIMIT (the newest). */
  events: RuntimeEvent[];
};

export type RunSlice = {
  run: RunState | null;
  status: Record<string, NodeStatus>;
  results: Record<string, NodeResult>;
};

const EVENT_LIMIT = 500;
const finished: ReadonlySet<ExecutionStatus> = new Set(['succeeded', 'failed', 'cancelled']);
const unfinishedNode: ReadonlySet<NodeStatus> = new Set(['queued', 'running', 'waiting', 'halted']);
const isTerminal = (type: RuntimeEvent['type']) =>
  type === 'execution_completed' || type === 'execution_failed' || type === 'execution_cancelled';

/** The events with one more, in seq order, at most EVENT_LIMIT. */
function withEvent(events: RuntimeEvent[], event: RuntimeEvent): RuntimeEvent[] {
  const next = [...events, event];
  if (events.length > 0 && events.at(-1)!.seq > event.seq) next.sort((a, b) => a.seq - b.seq);
  return next.length > EVENT_LIMIT ? next.slice(-EVENT_LIMIT) : next;
}

export function emptyRun(executionId: string): RunState {
  return { executionId, status: 'queued', seq: 0, events: [] };
}

export function isRunFinished(run: RunState | null): boolean {
  return run === null || finished.has(run.status);
}

function executionStatusAfter(status: ExecutionStatus, event: RuntimeEvent): ExecutionStatus {
  switch (event.type) {
    case 'execution_started':
    case 'execution_resumed':
      return 'running';
    case 'execution_completed':
      return 'succeeded';
    case 'execution_failed':
      return 'failed';
    case 'execution_halted':
      return 'halted';
    case 'execution_cancelled':
      return 'cancelled';
    case 'approval_requested':
      return 'waiting';
    default:
      // A node runs: so does its execution, whatever a snapshot taken a moment before said.
      return status === 'queued' && event.type.startsWith('node_') ? 'running' : status;
  }
}

function resultAfter(prev: NodeResult | undefined, event: RuntimeEvent): NodeResult | null {
  switch (event.type) {
    case 'node_started':
      return { attempt: event.attempt, durationMs: prev?.durationMs };
    case 'node_completed':
      return { attempt: event.attempt, durationMs: event.durationMs, preview: event.preview };
    case 'node_failed':
      return { attempt: event.attempt, durationMs: event.durationMs, error: event.error };
    case 'node_retrying':
      return { ...prev, attempt: event.attempt, error: event.error };
    default:
      return null;
  }
}

/**
 * Folds streamed items into the run slice. A new execution is followed when it starts (or shows
 * up in a snapshot) while nothing else is running; events of other executions are ignored.
 * Returns null when nothing changed.
 */
export function foldRunBatch(
  slice: RunSlice,
  items: readonly (RuntimeEvent | ExecutionSnapshot)[],
): RunSlice | null {
  let { run } = slice;
  let status = slice.status;
  let results = slice.results;
  let changed = false;
  const own = () => {
    if (status === slice.status) status = { ...status };
    if (results === slice.results) results = { ...results };
  };
  for (const item of items) {
    const isOther = run?.executionId !== item.executionId;
    const starts = item.type === 'snapshot' || item.type === 'execution_started';
    if (isOther && !(starts && isRunFinished(run))) continue;
    if (isOther) {
      run = { ...emptyRun(item.executionId) };
      status = {};
      results = {};
    }
    if (!run) continue;
    if (item.seq <= run.seq) {
      // Older than the statuses (a snapshot came first, through the other stream): still list
      // it, and keep the preview a snapshot does not carry.
      if (item.type === 'snapshot' || run.events.some((e) => e.seq === item.seq)) continue;
      own();
      changed = true;
      run = {
        ...run,
        events: withEvent(run.events, item),
        // A snapshot that still said queued is behind an older start.
        status: run.status === 'queued' ? executionStatusAfter(run.status, item) : run.status,
      };
      if (item.type === 'node_completed' && status[item.nodeId] === 'succeeded')
        results[item.nodeId] = { ...results[item.nodeId], preview: item.preview };
      continue;
    }
    own();
    changed = true;
    if (item.type === 'snapshot') {
      for (const [nodeId, node] of Object.entries(item.nodes)) {
        status[nodeId] = node.status;
        results[nodeId] = { attempt: node.attempt, durationMs: node.durationMs, error: node.error };
      }
      run = { ...run, status: item.status, seq: item.seq };
      continue;
    }
    run = {
      ...run,
      seq: item.seq,
      status: executionStatusAfter(run.status, item),
      events: withEvent(run.events, item),
    };
    if (isTerminal(item.type)) {
      // What still ran or waited when the execution ended never finishes (the server records
      // it cancelled): it must not stay lit as running or waiting.
      for (const [nodeId, s] of Object.entries(status))
        if (unfinishedNode.has(s)) status[nodeId] = 'cancelled';
    }
    if (!('nodeId' in item)) continue;
    const nodeStatus = nodeStatusOf(item);
    if (nodeStatus) status[item.nodeId] = nodeStatus;
    const result = resultAfter(results[item.nodeId], item);
    if (result) results[item.nodeId] = result;
  }
  return changed ? { run, status, results } : null;
}

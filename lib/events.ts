/**
 * Runtime events: the one contract between the executor, the event bus, the SSE endpoint and the
 * browser. Every execution event carries `executionId` (the correlation id), `workflowId`, `seq`
 * (monotonic per execution, starting at 1: the SSE `id`, so a reconnect with `Last-Event-ID`
 * resumes with no gap) and `ts` (epoch ms). Isomorphic: no node:*, no db.
 */
import { z } from 'zod';

export const nodeStatuses = [
  'idle',
  'queued',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'waiting',
  'halted',
  'cancelled',
] as const;
export type NodeStatus = (typeof nodeStatuses)[number];

export const executionStatuses = [
  'queued',
  'running',
  'waiting',
  'halted',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type ExecutionStatus = (typeof executionStatuses)[number];

export const triggerKinds = ['manual', 'interval', 'cron', 'webhook', 'event', 'rerun'] as const;
export type TriggerKind = (typeof triggerKinds)[number];

/** The events about an execution as a whole (the history list follows only these). */
export const executionEventTypes = [
  'execution_started',
  'execution_completed',
  'execution_failed',
  'execution_halted',
  'execution_resumed',
  'execution_cancelled',
] as const;

export const errorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  retryable: z.boolean().optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

const base = {
  executionId: z.string(),
  workflowId: z.string(),
  seq: z.int().min(1),
  ts: z.number(),
};
const nodeBase = { ...base, nodeId: z.string() };

export const runtimeEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('execution_started'),
    trigger: z.enum(triggerKinds),
    workflowVersion: z.int(),
  }),
  z.object({
    ...base,
    type: z.literal('execution_completed'),
    durationMs: z.number(),
    output: z.unknown().optional(),
  }),
  z.object({ ...base, type: z.literal('execution_failed'), error: errorInfoSchema }),
  z.object({ ...base, type: z.literal('execution_halted'), reason: z.string() }),
  z.object({ ...base, type: z.literal('execution_resumed'), reason: z.string() }),
  z.object({ ...base, type: z.literal('execution_cancelled'), reason: z.string() }),
  z.object({
    ...nodeBase,
    type: z.literal('node_started'),
    nodeType: z.string(),
    attempt: z.int(),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('node_completed'),
    attempt: z.int(),
    durationMs: z.number(),
    /** The output ports that produced a value (the others skip what follows them). */
    ports: z.array(z.string()),
    /** A short preview of the output, at most ~200 characters of JSON. */
    preview: z.string().optional(),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('node_failed'),
    attempt: z.int(),
    durationMs: z.number(),
    error: errorInfoSchema,
  }),
  z.object({
    ...nodeBase,
    type: z.literal('node_retrying'),
    attempt: z.int(),
    delayMs: z.number(),
    error: errorInfoSchema,
  }),
  z.object({ ...nodeBase, type: z.literal('node_skipped'), reason: z.string() }),
  z.object({
    ...nodeBase,
    type: z.literal('node_waiting'),
    reason: z.enum(['approval', 'timer', 'halt']),
    until: z.number().optional(),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('props_changed'),
    props: z.record(z.string(), z.unknown()),
    by: z.string(),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('approval_requested'),
    approvalId: z.string(),
    details: z.unknown(),
    expiresAt: z.number().optional(),
  }),
  z.object({
    ...nodeBase,
    type: z.literal('approval_resolved'),
    approvalId: z.string(),
    /** withdrawn: its execution finished (cancelled, failed) before anyone decided. */
    decision: z.enum(['approved', 'rejected', 'timed_out', 'withdrawn']),
    by: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('emergency_state_changed'),
    level: z.enum(['NORMAL', 'ALERT', 'HALT', 'SHUTDOWN']),
    reason: z.string(),
    by: z.string(),
  }),
]);

export type RuntimeEvent = z.infer<typeof runtimeEventSchema>;
export type RuntimeEventType = RuntimeEvent['type'];
/** An event before the bus stamps it: the executor fills `seq` and `ts`. */
export type EventOf<T extends RuntimeEventType> = Extract<RuntimeEvent, { type: T }>;

/**
 * What a subscriber receives first: every node's current status in one execution, so a page
 * opened mid-run shows the right colours at once. `seq` is the last event folded into it.
 */
export const snapshotSchema = z.object({
  type: z.literal('snapshot'),
  executionId: z.string(),
  workflowId: z.string(),
  seq: z.int().min(0),
  status: z.enum(executionStatuses),
  nodes: z.record(
    z.string(),
    z.object({
      status: z.enum(nodeStatuses),
      attempt: z.int().optional(),
      durationMs: z.number().optional(),
      error: errorInfoSchema.optional(),
    }),
  ),
});
export type ExecutionSnapshot = z.infer<typeof snapshotSchema>;

/** The node status an event implies, if it changes one. */
export function nodeStatusOf(event: RuntimeEvent): NodeStatus | null {
  switch (event.type) {
    case 'node_started':
    case 'node_retrying':
      return 'running';
    case 'node_completed':
      return 'succeeded';
    case 'node_failed':
      return 'failed';
    case 'node_skipped':
      return 'skipped';
    case 'node_waiting':
      return event.reason === 'halt' ? 'halted' : 'waiting';
    default:
      return null;
  }
}

/** Folds an event into a snapshot (the SSE endpoint's and the canvas's bookkeeping). */
export function applyToSnapshot(
  snapshot: ExecutionSnapshot,
  event: RuntimeEvent,
): ExecutionSnapshot {
  if (event.executionId !== snapshot.executionId || event.seq <= snapshot.seq) return snapshot;
  const next: ExecutionSnapshot = { ...snapshot, seq: event.seq };
  const status = nodeStatusOf(event);
  if (status && 'nodeId' in event) {
    const prev = snapshot.nodes[event.nodeId];
    next.nodes = {
      ...snapshot.nodes,
      [event.nodeId]: {
        status,
        ...('attempt' in event && { attempt: event.attempt }),
        ...('durationMs' in event && { durationMs: event.durationMs }),
        ...(event.type === 'node_failed' && { error: event.error }),
        ...(status === 'running' &&
          prev?.durationMs !== undefined && { durationMs: prev.durationMs }),
      },
    };
  }
  switch (event.type) {
    case 'execution_started':
    case 'execution_resumed':
      next.status = 'running';
      break;
    case 'execution_completed':
      next.status = 'succeeded';
      break;
    case 'execution_failed':
      next.status = 'failed';
      break;
    case 'execution_halted':
      next.status = 'halted';
      break;
    case 'execution_cancelled':
      next.status = 'cancelled';
      break;
    case 'approval_requested':
      next.status = 'waiting';
      break;
    default:
      break;
  }
  return next;
}

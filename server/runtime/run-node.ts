/**
 * One node, all its attempts: props (saved + live overrides) through the type's schema, the
 * checkpoint flush before a side effect, the circuit breaker, the time limit, retries with
 * backoff. Node failures are data: this returns an outcome and never throws through the executor.
 */
import { formatIssues, toIssues } from '@/lib/zod-issues';
import type { RetryPolicy, WorkflowNode } from '@/lib/workflow';
import {
  hasSideEffects,
  isWaitResult,
  WAIT,
  type AnyNodeDefinition,
  type Resumption,
  type WaitRequest,
} from '../nodes/define-node';
import type { Logger } from '../logger';
import { classifyError, UserError } from './errors';
import { CircuitOpenError, type CircuitBreakers } from './resilience/circuit-breaker';
import { backoffDelay, NO_RETRY, sleep } from './resilience/retry';
import { withTimeout, type CancelScope } from './resilience/timeout';
import { NodeContext, type NodeScope } from './run-context';

export type NodeOutcome =
  | { kind: 'succeeded'; outputs: Record<string, unknown>; attempt: number; durationMs: number }
  | { kind: 'waiting'; request: WaitRequest; attempt: number }
  | {
      kind: 'failed';
      error: { code: string; message: string; retryable: boolean };
      attempt: number;
      durationMs: number;
    }
  | { kind: 'halted' }
  | { kind: 'cancelled'; attempt: number };

export type NodeRunHooks = {
  /** Before each attempt: records the attempt as running; awaits durability for side effects. */
  beforeAttempt(
    attempt: number,
    sideEffects: boolean,
    inputs: Record<string, unknown>,
  ): Promise<void>;
  started(attempt: number): void;
  attemptFailed(
    attempt: number,
    error: { code: string; message: string; retryable: boolean },
    durationMs: number,
    retryInMs: number | null,
  ): void;
  /** A side effect's marker was written but the gate then said no: record that it never ran. */
  withdrawn(attempt: number): void;
  /** Emergency gate: may this node start now? */
  gate(sideEffects: boolean): 'run' | 'halt' | 'refuse';
};

export type RunNodeOptions = {
  node: WorkflowNode;
  def: AnyNodeDefinition;
  inputs: Record<string, unknown>;
  liveProps?: Record<string, unknown>;
  retry: RetryPolicy;
  timeoutMs: number;
  firstAttempt: number;
  resumed?: Resumption;
  scope: CancelScope;
  breakers: CircuitBreakers;
  context: NodeScope;
  hooks: NodeRunHooks;
  log: () => Logger;
};

/** Parsed props per node object, reused while its live overrides stay the same object. */
const parsedProps = new WeakMap<
  WorkflowNode,
  { live?: Record<string, unknown>; props: Record<string, unknown> }
>();

/** The node's props through its type's schema (defaults applied), saved values overlaid by live ones. */
export function parseProps(
  node: WorkflowNode,
  def: AnyNodeDefinition,
  live?: Record<string, unknown>,
) {
  const cached = parsedProps.get(node);
  if (cached && cached.live === live) return cached.props;
  const parsed = def.props.safeParse(live ? { ...node.props, ...live } : node.props);
  if (parsed.success) {
    const props = parsed.data as Record<string, unknown>;
    parsedProps.set(node, { live, props });
    return props;
  }
  const detail = formatIssues(toIssues(parsed.error, ['props']));
  throw new UserError('BAD_REQUEST', `node "${node.id}" has invalid props: ${detail}`);
}

export async function runNode(o: RunNodeOptions): Promise<NodeOutcome> {
  const policy = o.retry.maxAttempts > 0 ? o.retry : NO_RETRY;
  for (let attempt = o.firstAttempt; ; attempt++) {
    const started = performance.now();
    let target: string | undefined;
    try {
      const props = parseProps(o.node, o.def, o.liveProps);
      const sideEffects = hasSideEffects(o.def, props);
      const verdict = o.hooks.gate(sideEffects);
      if (verdict === 'halt') return { kind: 'halted' };
      if (verdict === 'refuse')
        throw new UserError(
          'CONFLICT',
          'refused: the emergency level does not allow this node to run',
        );
      await o.hooks.beforeAttempt(attempt, sideEffects, o.inputs);
      // The checkpoint flush takes a moment: a HALT set meanwhile must still stop a side effect.
      if (sideEffects && o.hooks.gate(true) !== 'run') {
        o.hooks.withdrawn(attempt);
        return { kind: 'halted' };
      }
      target = o.def.target?.(props, o.inputs);
      if (target) o.breakers.acquire(target);
      o.hooks.started(attempt);
      const result = await withTimeout(o.timeoutMs, o.scope, (lazy) =>
        o.def.run(new NodeContext(o.context, lazy, o.inputs, props, attempt, o.resumed)),
      );
      if (target) o.breakers.success(target);
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (isWaitResult(result)) return { kind: 'waiting', request: result[WAIT], attempt };
      return { kind: 'succeeded', outputs: result as Record<string, unknown>, attempt, durationMs };
    } catch (err) {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (o.scope.aborted) return { kind: 'cancelled', attempt };
      if (target && !(err instanceof CircuitOpenError)) o.breakers.failure(target);
      const error = classifyError(err);
      const canRetry = error.retryable && attempt < policy.maxAttempts;
      const delay = canRetry ? backoffDelay(policy, attempt - o.firstAttempt + 1) : null;
      o.hooks.attemptFailed(attempt, error, durationMs, delay);
      if (delay === null) return { kind: 'failed', error, attempt, durationMs };
      o.log().warn(
        { nodeId: o.node.id, attempt, delay, code: error.code },
        'node attempt failed; retrying',
      );
      try {
        await sleep(delay, o.scope.signal);
      } catch {
        return { kind: 'cancelled', attempt };
      }
    }
  }
}

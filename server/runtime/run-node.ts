/**
 * One node, all its attempts: props (saved + live overrides) through the type's schema, the
 * checkpoint flush before a side effect, the circuit breaker, the time limit, retries with
 * backoff. Node failures are data: this returns an outcome and never throws through the executor.
 *
 * Synchronous first: a node whose `run` returns its result (not a promise) and has no side
 * effect runs start to finish in the caller's turn, with no promise, no microtask and no timer;
 * its outcome is returned as a value. Only what really waits (a promise from `run`, the
 * checkpoint flush before a side effect, a retry's backoff) goes through promises, and only a
 * promise from `run` arms the time limit: synchronous code cannot be interrupted anyway.
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
import { classifyError, UserError } from './errors';
import type { CircuitBreakers } from './resilience/circuit-breaker';
import { backoffDelay, NO_RETRY, sleep } from './resilience/retry';
import { raceTimeout, type CancelScope } from './resilience/timeout';
import { nowDate } from './clock';
import type { NodeContext } from './run-context';

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

const HALTED: NodeOutcome = Object.freeze({ kind: 'halted' });

/**
 * What runs a node: the execution. Its methods are called with the node run they concern, so
 * a node run costs no closures.
 */
export interface NodeHost {
  readonly cancelScope: CancelScope;
  readonly breakers: CircuitBreakers;
  /** Emergency gate: may this node start now? */
  gate(sideEffects: boolean): 'run' | 'halt' | 'refuse';
  /** Before a side effect: records its start and resolves once every earlier result is durable. */
  beforeSideEffect(run: NodeRun, attempt: number): Promise<void>;
  /** A side effect's marker was written but the gate then said no: record that it never ran. */
  withdrawn(run: NodeRun, attempt: number): void;
  nodeStarted(run: NodeRun, attempt: number): void;
  attemptFailed(
    run: NodeRun,
    attempt: number,
    error: { code: string; message: string; retryable: boolean },
    durationMs: number,
    retryInMs: number | null,
  ): void;
  /** The context `run` gets. */
  context(run: NodeRun, props: Record<string, unknown>, attempt: number): NodeContext;
}

/** One run of a node (all its attempts): what it was given, and when its current attempt began. */
export class NodeRun {
  /** When the current attempt began (set as it begins). */
  startedAt: Date | null = null;

  constructor(
    readonly node: WorkflowNode,
    readonly def: AnyNodeDefinition,
    readonly inputs: Record<string, unknown>,
    readonly liveProps: Record<string, unknown> | undefined,
    readonly retry: RetryPolicy,
    readonly timeoutMs: number,
    readonly firstAttempt: number,
    readonly resumed: Resumption | undefined,
  ) {}
}

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

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

function isPromise(value: unknown): value is Promise<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Runs the node's attempts; the outcome as a value when nothing had to wait, else a promise. */
export function runNode(host: NodeHost, run: NodeRun): NodeOutcome | Promise<NodeOutcome> {
  return attempt(host, run, run.firstAttempt);
}

function attempt(
  host: NodeHost,
  run: NodeRun,
  attempt: number,
): NodeOutcome | Promise<NodeOutcome> {
  const started = performance.now();
  try {
    const props = parseProps(run.node, run.def, run.liveProps);
    const sideEffects = hasSideEffects(run.def, props);
    const verdict = host.gate(sideEffects);
    if (verdict === 'halt') return HALTED;
    if (verdict === 'refuse')
      throw new UserError(
        'CONFLICT',
        'refused: the emergency level does not allow this node to run',
      );
    run.startedAt = nowDate();
    if (!sideEffects) return invoke(host, run, attempt, props, started);
    // Durable before the side effect starts: its marker and every earlier result.
    return host.beforeSideEffect(run, attempt).then(
      () => {
        // The checkpoint flush takes a moment: a HALT set meanwhile must still stop a side effect.
        if (host.gate(true) !== 'run') {
          host.withdrawn(run, attempt);
          return HALTED;
        }
        // Its time limit (and duration) count from here: a slow checkpoint write is not the
        // node's time, and must not time out a side effect the moment it starts.
        return invoke(host, run, attempt, props, performance.now());
      },
      (err: unknown) => failed(host, run, attempt, started, undefined, err),
    );
  } catch (err) {
    return failed(host, run, attempt, started, undefined, err);
  }
}

function invoke(
  host: NodeHost,
  run: NodeRun,
  n: number,
  props: Record<string, unknown>,
  started: number,
): NodeOutcome | Promise<NodeOutcome> {
  let target: string | undefined;
  // The half-open trial's ticket when this call is the trial: `succeeded` or `failed` ends it.
  let trial = 0;
  try {
    target = run.def.target?.(props, run.inputs);
    if (target) trial = host.breakers.acquire(target);
    host.nodeStarted(run, n);
    if (host.cancelScope.aborted) throw host.cancelScope.reason;
    const ctx = host.context(run, props, n);
    const result: unknown = run.def.run(ctx);
    if (!isPromise(result)) {
      ctx.dispose();
      return succeeded(host, run, n, started, target, result);
    }
    // The time limit counts from the attempt's start: what ran synchronously counts too.
    const remaining = Math.max(0, run.timeoutMs - (performance.now() - started));
    return raceTimeout(result, run.timeoutMs, remaining, host.cancelScope, ctx).then(
      (value) => succeeded(host, run, n, started, target, value),
      (err: unknown) => failed(host, run, n, started, target, err, trial),
    );
  } catch (err) {
    return failed(host, run, n, started, target, err, trial);
  }
}

function succeeded(
  host: NodeHost,
  run: NodeRun,
  attempt: number,
  started: number,
  target: string | undefined,
  result: unknown,
): NodeOutcome {
  if (target) host.breakers.success(target);
  if (isWaitResult(result)) return { kind: 'waiting', request: result[WAIT], attempt };
  return {
    kind: 'succeeded',
    outputs: result as Record<string, unknown>,
    attempt,
    durationMs: elapsed(started),
  };
}

function failed(
  host: NodeHost,
  run: NodeRun,
  n: number,
  started: number,
  target: string | undefined,
  err: unknown,
  trial = 0,
): NodeOutcome | Promise<NodeOutcome> {
  const durationMs = elapsed(started);
  const cancelled = host.cancelScope.aborted;
  const error = classifyError(err);
  // Breakers are shared by every execution: only what may be the target's own failure counts
  // against it, by the line retry draws (network, timeout, 408/429/5xx, an error of unknown
  // kind). A wrong request (UserError: a placeholder with no value, no venue) or an open circuit
  // says nothing about the target, so badly fed runs cannot open it for everyone else.
  if (target && !cancelled && error.retryable) host.breakers.failure(target);
  // Nor does a cancelled call: either way a half-open trial hands its slot back, or the breaker
  // would refuse every later call until a restart.
  else if (target && trial !== 0) host.breakers.abandon(target, trial);
  if (cancelled) return { kind: 'cancelled', attempt: n };
  const policy = run.retry.maxAttempts > 0 ? run.retry : NO_RETRY;
  const canRetry = error.retryable && n < policy.maxAttempts;
  const delay = canRetry ? backoffDelay(policy, n - run.firstAttempt + 1) : null;
  host.attemptFailed(run, n, error, durationMs, delay);
  if (delay === null) return { kind: 'failed', error, attempt: n, durationMs };
  return sleep(delay, host.cancelScope.signal).then(
    () => attempt(host, run, n + 1),
    (): NodeOutcome => ({ kind: 'cancelled', attempt: n }),
  );
}

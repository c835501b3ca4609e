/**
 * The circuit breaker around a node's call: a half-open trial that is cancelled (by the user, or
 * SHUTDOWN) or fails on its own bad input says nothing about the target, so it must hand its slot
 * back, or every later call to the target fails with CIRCUIT_OPEN until a restart.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowNode } from '@/lib/workflow';
import { node } from '../testing/runtime';
import { testRegistry } from '../testing/test-nodes';
import { createCircuitBreakers, type CircuitBreakers } from './resilience/circuit-breaker';
import { NO_RETRY } from './resilience/retry';
import { CancelScope, LazySignal } from './resilience/timeout';
import type { NodeContext } from './run-context';
import { NodeRun, runNode, type NodeHost } from './run-node';

const effect = testRegistry['test-effect']!;
const http = testRegistry['http-request']!;

/** A host for one execution: no checkpoint, no emergency level, a context with just what `run` reads. */
function hostOf(breakers: CircuitBreakers, beforeSideEffect = async () => {}) {
  const host: NodeHost = {
    cancelScope: new CancelScope(),
    breakers,
    gate: () => 'run',
    beforeSideEffect,
    withdrawn() {},
    nodeStarted() {},
    attemptFailed() {},
    context(run, props) {
      const lazy = new LazySignal(host.cancelScope);
      return {
        inputs: run.inputs,
        props,
        get signal() {
          return lazy.signal;
        },
        abort: (reason: unknown) => lazy.abort(reason),
        dispose: () => lazy.dispose(),
      } as unknown as NodeContext;
    },
  };
  return host;
}

const call = (props: Record<string, unknown>, timeoutMs = 5_000) =>
  new NodeRun(
    node('call', 'test-effect', {
      target: 'venue',
      log: 'run-node-breaker',
      ...props,
    }) as WorkflowNode,
    effect,
    {},
    undefined,
    NO_RETRY,
    timeoutMs,
    1,
    undefined,
  );

/**
 * An HTTP call to host `venue` fed no `symbol`: it fails in its own `run`, before any request,
 * with the caller's mistake (BAD_REQUEST).
 */
const unfed = () =>
  new NodeRun(
    node('fetch', 'http-request', { url: 'http://venue/quotes/{{input.symbol}}' }) as WorkflowNode,
    http,
    { in: {} },
    undefined,
    NO_RETRY,
    5_000,
    1,
    undefined,
  );

/** A breaker for `venue` that one failure opened and whose cool-down has passed (half-open). */
async function halfOpen() {
  const clock = { now: 0 };
  const breakers = createCircuitBreakers({
    failureThreshold: 1,
    cooldownMs: 1_000,
    now: () => clock.now,
  });
  const first = await runNode(hostOf(breakers), call({ fail: true }));
  expect(first).toMatchObject({ kind: 'failed', error: { code: 'TARGET_DOWN' } });
  expect(breakers.state('venue')).toBe('open');
  clock.now = 1_000;
  expect(breakers.state('venue')).toBe('half-open');
  return breakers;
}

describe('runNode and the circuit breaker', () => {
  it('a trial call cancelled mid-call lets the next call through, and that call closes the breaker', async () => {
    const breakers = await halfOpen();
    const cancelled = hostOf(breakers);
    const trial = runNode(cancelled, call({ ms: 10_000 }));
    await new Promise((r) => setTimeout(r, 20));
    cancelled.cancelScope.cancel(new Error('cancelled by the user'));
    expect(await trial).toEqual({ kind: 'cancelled', attempt: 1 });
    expect(breakers.state('venue')).toBe('half-open');

    expect(await runNode(hostOf(breakers), call({}))).toMatchObject({ kind: 'succeeded' });
    expect(breakers.state('venue')).toBe('closed');
  });

  it('a trial cancelled while its checkpoint was flushing (SHUTDOWN) lets the next call through', async () => {
    const breakers = await halfOpen();
    const shutdown: NodeHost = hostOf(breakers, async () => {
      shutdown.cancelScope.cancel(new Error('SHUTDOWN'));
    });
    expect(await runNode(shutdown, call({}))).toEqual({ kind: 'cancelled', attempt: 1 });

    expect(await runNode(hostOf(breakers), call({}))).toMatchObject({ kind: 'succeeded' });
    expect(breakers.state('venue')).toBe('closed');
  });

  it('a trial that times out still counts as a failure: the breaker opens again', async () => {
    const breakers = await halfOpen();
    const outcome = await runNode(hostOf(breakers), call({ ms: 10_000 }, 20));
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'TIMEOUT' } });
    expect(breakers.state('venue')).toBe('open');
    expect(await runNode(hostOf(breakers), call({}))).toMatchObject({
      kind: 'failed',
      error: { code: 'CIRCUIT_OPEN' },
    });
  });

  it('a trial that fails on its own bad input hands its slot back: the next call is the trial', async () => {
    const breakers = await halfOpen();
    expect(await runNode(hostOf(breakers), unfed())).toMatchObject({
      kind: 'failed',
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringContaining('{{input.symbol}} has no value'),
      },
    });
    expect(breakers.state('venue')).toBe('half-open');

    expect(await runNode(hostOf(breakers), call({}))).toMatchObject({ kind: 'succeeded' });
    expect(breakers.state('venue')).toBe('closed');
  });

  it('a caller mistake between two target failures neither counts nor resets the count', async () => {
    const breakers = createCircuitBreakers({ failureThreshold: 2, cooldownMs: 60_000 });
    await runNode(hostOf(breakers), call({ fail: true }));
    for (let i = 0; i < 3; i++) await runNode(hostOf(breakers), unfed());
    expect(breakers.state('venue')).toBe('closed');
    await runNode(hostOf(breakers), call({ fail: true }));
    expect(breakers.state('venue')).toBe('open');
  });
});

/**
 * Two runtimes on one database and bus, as two server processes are: cancelling or deciding an
 * execution through the one that does not hold it reaches the one that does (a change written to
 * the database behind the holder's back would be written over by its own copy, still running).
 * With REDIS_URL the two have a Redis bus each, as two processes would; without, they share one
 * in-memory bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { logger } from '../../logger';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { effectLog } from '../../testing/test-nodes';
import { createEventBus } from '../event-bus';
import type { EventBus } from '../event-bus/event-bus';

describe.each(databaseBackends)('two runtimes on $name', ({ open }) => {
  let database: Database;
  let buses: EventBus[];
  let a: TestRuntime;
  let b: TestRuntime;

  beforeAll(async () => {
    database = await open();
    const shared = process.env.REDIS_URL ? null : createEventBus({ log: logger });
    buses = [0, 1].map(() => shared ?? createEventBus({ log: logger }));
    const timing = { heartbeatMs: 200, deadAfterMs: 10_000 };
    a = await startTestRuntime(database, { bus: buses[0], recover: true, timing });
    b = await startTestRuntime(database, { bus: buses[1], recover: true, timing });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const bus of new Set(buses ?? [])) await bus.close();
    await database?.close();
  });

  it('cancels through the other runtime an execution that waits in the first', async () => {
    const wf = await a.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('wait', 'delay', { ms: 60_000 }),
        node('out', 'log'),
      ],
      edges: [edge('trigger', 'wait'), edge('wait', 'out')],
    });
    const { executionId } = await a.api.runtime.run({ workflowId: wf.id });
    await a.until(executionId, ['waiting']);
    await expect(b.api.runtime.cancel({ executionId })).resolves.toMatchObject({
      status: 'cancelling',
    });
    const { nodeRuns } = await a.until(executionId, ['cancelled']);
    // The first runtime's own copy stopped: its wait is recorded cancelled, nothing ran after.
    expect(nodeRuns.find((r) => r.nodeId === 'wait')?.status).toBe('cancelled');
    expect(nodeRuns.some((r) => r.nodeId === 'out')).toBe(false);
    expect(a.runtime.executor.get(executionId)).toBeUndefined();
  });

  it('cancels through the other runtime an execution running in the first', async () => {
    const wf = await a.save({
      nodes: [node('trigger', 'manual-trigger'), node('slow', 'test-slow', { ms: 60_000 })],
      edges: [edge('trigger', 'slow')],
    });
    const { executionId } = await a.api.runtime.run({ workflowId: wf.id });
    await a.until(executionId, ['running']);
    await expect(b.api.runtime.cancel({ executionId })).resolves.toMatchObject({
      status: 'cancelling',
    });
    const { execution } = await a.until(executionId, ['cancelled']);
    expect(execution.error).toMatchObject({ code: 'CANCELLED', message: 'cancelled by tester' });
  });

  it('approves through the other runtime: the gate goes on in the runtime that holds it, once', async () => {
    const log = `two-runtimes-${Date.now()}`;
    const wf = await a.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('gate', 'test-approval', { timeoutMs: 60_000 }),
        node('order', 'test-effect', { log }),
      ],
      edges: [edge('trigger', 'gate'), edge('gate', 'order', 'approved')],
    });
    const { executionId } = await a.api.runtime.run({ workflowId: wf.id });
    await a.until(executionId, ['waiting']);
    const approval = await a.waitFor(
      async () => (await a.runtime.approvals.find(executionId, 'gate')) ?? undefined,
    );
    await b.api.runtime.approve({ approvalId: approval.id });
    const { execution } = await a.until(executionId, ['succeeded']);
    expect(execution.owner).toBe(a.runtime.owner);
    expect(effectLog.get(log)).toHaveLength(1);
  });
});

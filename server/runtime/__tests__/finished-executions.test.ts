/**
 * What is left behind when an execution finishes while part of it waits: an approval no one
 * decided, a timer, a firing queued behind it. None of it may bring the execution back or hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { effectLog } from '../../testing/test-nodes';
import type { Workflow } from '@/lib/workflow';
import { logger } from '../../logger';
import { createMemoryExecutor } from '../../testing/memory-executor';
import { createCheckpointWriter, createMemoryCheckpointStore } from '../checkpoint';
import { createMemoryEventBus } from '../event-bus/memory';
import type { QueuedRun } from '../runtime';

describe.each(databaseBackends)('executions that finished while waiting, on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  async function gated(log: string, extra: { fails?: boolean } = {}) {
    return t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('gate', 'test-approval', { timeoutMs: 60_000 }),
        node('order', 'test-effect', { log }),
        ...(extra.fails ? [node('boom', 'test-flaky', { failures: 1, fatal: true })] : []),
      ],
      edges: [
        edge('trigger', 'gate'),
        edge('gate', 'order', 'approved'),
        ...(extra.fails ? [edge('trigger', 'boom')] : []),
      ],
    });
  }

  it('refuses to approve the approval of a cancelled execution, and runs nothing', async () => {
    const log = `cancelled-${Date.now()}`;
    const wf = await gated(log);
    const feed = await t.collect(wf.id);
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['waiting']);
    const approval = await t.waitFor(
      async () => (await t.runtime.approvals.find(executionId, 'gate')) ?? undefined,
    );
    await t.api.runtime.cancel({ executionId });
    const { nodeRuns } = await t.until(executionId, ['cancelled']);
    // The gate no longer reads "waiting" in the history.
    expect(nodeRuns.find((r) => r.nodeId === 'gate')).toMatchObject({
      status: 'cancelled',
      error: { code: 'CANCELLED' },
    });

    // Withdrawn: no one is asked any more, the approvals page lists why, and it cannot be decided.
    const withdrawn = await t.waitFor(async () => {
      const row = await t.runtime.approvals.get(approval.id);
      return row?.status === 'withdrawn' ? row : undefined;
    });
    expect(withdrawn).toMatchObject({
      decidedBy: 'the system',
      comment: 'the execution was cancelled (cancelled by tester)',
    });
    // On the stream too (the header badge refetches on it); over Redis it may come a moment later.
    const said = await t.waitFor(() =>
      feed.events.find((e) => e.type === 'approval_resolved' && e.approvalId === approval.id),
    );
    expect(said).toMatchObject({ decision: 'withdrawn', by: 'the system' });
    feed.stop();
    await expect(t.api.runtime.approve({ approvalId: approval.id })).rejects.toThrow(
      `approval "${approval.id}" was already withdrawn by the system`,
    );
    const after = await t.api.executions.get({ id: executionId });
    expect(after.execution.status).toBe('cancelled');
    expect(effectLog.get(log)).toBeUndefined();
    expect(await t.runtime.approvals.pending()).not.toContainEqual(
      expect.objectContaining({ id: approval.id }),
    );
  });

  it('does not bring back an execution that failed while its gate waited', async () => {
    const log = `failed-${Date.now()}`;
    const wf = await gated(log, { fails: true });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['failed']);
    const approval = await t.waitFor(
      async () => (await t.runtime.approvals.find(executionId, 'gate')) ?? undefined,
    );
    // Refused whether or not the withdrawal is recorded yet (the execution is failed either way).
    await expect(t.api.runtime.reject({ approvalId: approval.id })).rejects.toThrow(
      new RegExp(`its execution "${executionId}" is failed|was already withdrawn by the system`),
    );
    await expect(t.api.runtime.approve({ approvalId: approval.id })).rejects.toThrow(
      /can no longer be decided|was already withdrawn/,
    );
    const after = await t.api.executions.get({ id: executionId });
    expect(after.execution.status).toBe('failed');
    expect(after.nodeRuns.filter((r) => r.nodeId === 'boom')).toHaveLength(1);
    expect(effectLog.get(log)).toBeUndefined();
  });

  it('records a cancelled delay as cancelled, in the history and in the snapshot', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('wait', 'delay', { ms: 60_000 }),
        node('out', 'log'),
      ],
      edges: [edge('trigger', 'wait'), edge('wait', 'out')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['waiting']);
    await t.api.runtime.cancel({ executionId });
    const { nodeRuns } = await t.until(executionId, ['cancelled']);
    expect(nodeRuns.filter((r) => r.nodeId === 'wait').map((r) => r.status)).toEqual(['cancelled']);
    const [snapshot] = await t.runtime.snapshots({ executionId });
    expect(snapshot?.nodes.wait?.status).toBe('cancelled');
  });

  it('answers every queued firing once a HALT cancelled the run ahead of them', async () => {
    const path = `queued-${Date.now()}`;
    const wf = await t.save({
      nodes: [
        node('hook', 'webhook-trigger', { path }),
        node('slow', 'test-slow', { ms: 300 }),
        node('out', 'log'),
      ],
      edges: [edge('hook', 'slow'), edge('slow', 'out')],
      settings: { concurrency: 'queue' },
    });
    await t.api.runtime.activate({ workflowId: wf.id });
    try {
      const route = t.runtime.triggers.webhook('POST', path)!;
      const first = t.runtime.fireWebhook(route, { n: 1 }) as { id: string };
      const second = t.runtime.fireWebhook(route, { n: 2 });
      const third = t.runtime.fireWebhook(route, { n: 3 });
      await t.api.emergency.set({ level: 'HALT', reason: 'test' });
      await t.until(first.id, ['halted']);
      await t.api.runtime.cancel({ executionId: first.id });
      // Their turn came under HALT: both refused at once (the webhook answers 503), none left
      // waiting behind a queue that nothing moves any more.
      for (const queued of [second, third]) {
        const { executionId, turn } = queued as QueuedRun;
        await expect(turn).resolves.toBeNull();
        const { execution } = await t.until(executionId, ['cancelled']);
        expect(execution.error?.message).toBe('not started: the emergency level is HALT');
      }
    } finally {
      await t.api.emergency.set({ level: 'NORMAL', reason: 'test over' });
      await t.api.runtime.deactivate({ workflowId: wf.id });
    }
  });
});

describe.each(databaseBackends)('an approval decided just before a crash, on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('goes on with the recorded decision when the execution is resumed', async () => {
    const bus = createMemoryEventBus();
    const log = `decided-${Date.now()}`;
    const first = await startTestRuntime(database, { bus });
    const wf = await first.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('gate', 'test-approval', { timeoutMs: 600_000 }),
        node('order', 'test-effect', { log }),
      ],
      edges: [edge('trigger', 'gate'), edge('gate', 'order', 'approved')],
    });
    const { executionId } = await first.api.runtime.run({ workflowId: wf.id });
    await first.until(executionId, ['waiting']);
    const approval = await first.waitFor(
      async () => (await first.runtime.approvals.find(executionId, 'gate')) ?? undefined,
    );
    // The decision is recorded; the process stops before the gate goes on (the crash window).
    await first.runtime.approvals.decide(approval.id, 'approved', 'alice');
    await first.close();

    const second = await startTestRuntime(database, {
      bus,
      recover: true,
      timing: { heartbeatMs: 100, deadAfterMs: 300 },
    });
    try {
      // Without the decision applied, it would wait the 10 minutes of its timeout.
      const { nodeRuns } = await second.until(executionId, ['succeeded'], 10_000);
      expect(nodeRuns.find((r) => r.nodeId === 'order')?.status).toBe('succeeded');
      expect(effectLog.get(log)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe('cancelling an execution that has just finished', () => {
  it('is refused while its last record is still being written, and the execution stays as it ended', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = createMemoryCheckpointStore();
    const writer = createCheckpointWriter(
      {
        load: (id) => store.load(id),
        write: async (batch) => {
          if (batch.executions.some((e) => e.status === 'succeeded')) await gate;
          await store.write(batch);
        },
      },
      { log: logger.child({}, { level: 'silent' }), maxDelayMs: 0 },
    );
    const { executor } = createMemoryExecutor({ writer });
    const run = executor.start({
      workflow: {
        id: 'wf_just_finished',
        name: 'Just finished',
        description: '',
        version: 1,
        settings: {},
        nodes: [node('trigger', 'manual-trigger'), node('out', 'log')],
        edges: [edge('trigger', 'out')],
      } as Workflow,
      trigger: 'manual',
      input: null,
    });
    // Finished in memory, its final checkpoint held back.
    await new Promise((r) => setTimeout(r, 50));
    expect(executor.get(run.id)).toBe(run);
    expect(executor.cancel(run.id, 'too late')).toBe(false);
    release();
    expect((await run.done).status).toBe('succeeded');
  });
});

describe('a side effect behind a slow checkpoint write', () => {
  it('gets its whole time limit once its checkpoint is durable', async () => {
    const store = createMemoryCheckpointStore();
    const writer = createCheckpointWriter(
      {
        load: (id) => store.load(id),
        write: async (batch) => {
          // The side effect's start marker takes 300 ms to be durable (a busy database).
          if (batch.nodeRuns.some((r) => r.nodeId === 'order' && r.status === 'running'))
            await new Promise((r) => setTimeout(r, 300));
          await store.write(batch);
        },
      },
      { log: logger.child({}, { level: 'silent' }), maxDelayMs: 0 },
    );
    const { executor } = createMemoryExecutor({ writer });
    const log = `slow-flush-${Date.now()}`;
    const run = executor.start({
      workflow: {
        id: 'wf_slow_flush',
        name: 'Slow flush',
        description: '',
        version: 1,
        settings: {},
        nodes: [
          node('trigger', 'manual-trigger'),
          { ...node('order', 'test-effect', { log, ms: 20 }), timeoutMs: 100 },
        ],
        edges: [edge('trigger', 'order')],
      } as Workflow,
      trigger: 'manual',
      input: { size: 1 },
    });
    const record = await run.done;
    expect(record.error).toBeNull();
    expect(record.status).toBe('succeeded');
    expect(effectLog.get(log)).toHaveLength(1);
  });
});

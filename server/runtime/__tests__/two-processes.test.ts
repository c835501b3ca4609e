/**
 * Two runtimes on one database and bus, as two server processes are: cancelling or deciding an
 * execution through the one that does not hold it reaches the one that does (a change written to
 * the database behind the holder's back would be written over by its own copy, still running).
 * With REDIS_URL the two have a Redis bus each, as two processes would; without, they share one
 * in-memory bus.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { logger } from '../../logger';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { effectLog } from '../../testing/test-nodes';
import { createEventBus } from '../event-bus';
import type { ExecutionRun } from '../execution';
import type { QueuedRun } from '../runtime';
import { createMemoryEventBus } from '../event-bus/memory';
import { testExecutionRecord } from '../../testing/records';
import type { EventBus } from '../event-bus/event-bus';

/** Trigger → approval gate → `after`, on the gate's approved port. */
const gated = (t: TestRuntime, after: ReturnType<typeof node>) =>
  t.save({
    nodes: [
      node('trigger', 'manual-trigger'),
      node('gate', 'test-approval', { timeoutMs: 60_000 }),
      after,
    ],
    edges: [edge('trigger', 'gate'), edge('gate', after.id, 'approved')],
  });

/** Runs the workflow in `t` until its gate waits: the execution, and its pending approval. */
async function waitingAtGate(t: TestRuntime, workflowId: string) {
  const { executionId } = await t.api.runtime.run({ workflowId });
  await t.until(executionId, ['waiting']);
  const approval = await t.waitFor(
    async () => (await t.runtime.approvals.find(executionId, 'gate')) ?? undefined,
  );
  return { executionId, approval };
}

/**
 * Two live runtimes on one bus, `a` and `b`, recovering, and `gone`: the process that ran the
 * executions, as one that died (no heartbeat, a bus of its own). All stop after `body`.
 */
async function withDeadProcess(
  open: () => Promise<Database>,
  body: (c: {
    database: Database;
    a: TestRuntime;
    b: TestRuntime;
    gone: TestRuntime;
  }) => Promise<void>,
) {
  const database = await open();
  const bus = createEventBus({ log: logger });
  const timing = { heartbeatMs: 60_000, deadAfterMs: 600_000 };
  const a = await startTestRuntime(database, { bus, recover: true, timing });
  const b = await startTestRuntime(database, { bus, recover: true, timing });
  const live = [a, b];
  const gone = await startTestRuntime(database, { bus: createMemoryEventBus() });
  try {
    await body({ database, a, b, gone });
  } finally {
    for (const t of [...live, gone])
      for (const run of t.runtime.executor.active()) run.cancel('the test is over');
    for (const t of [...live, gone]) await t.close();
    await bus.close();
    await database.close();
  }
}

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

  /** Runs trigger → a minute's delay → log in the first runtime, until the delay waits. */
  async function waitingInA() {
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
    return { wf, executionId };
  }

  it('cancels through the other runtime an execution that waits in the first', async () => {
    const { executionId } = await waitingInA();
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

  it('cancels through the other runtime a firing queued in the first: it never runs', async () => {
    const path = `two-runtimes-queue-${Date.now()}`;
    const log = `two-runtimes-queue-${Date.now()}`;
    const wf = await a.save({
      nodes: [
        node('hook', 'webhook-trigger', { path }),
        node('slow', 'test-slow', { ms: 300 }),
        node('order', 'test-effect', { log }),
      ],
      edges: [edge('hook', 'slow'), edge('slow', 'order')],
      settings: { concurrency: 'queue' },
    });
    await a.api.runtime.activate({ workflowId: wf.id });
    const feed = await b.collect(wf.id);
    try {
      const route = a.runtime.triggers.webhook('POST', path)!;
      const first = a.runtime.fireWebhook(route, { n: 1 }) as ExecutionRun;
      const second = a.runtime.fireWebhook(route, { n: 2 }) as QueuedRun;
      await a.runtime.writer.flush(second.executionId);
      await b.api.runtime.cancel({ executionId: second.executionId });
      await expect(second.turn).resolves.toBeNull();
      await a.until(first.id, ['succeeded']);
      const { execution } = await a.until(second.executionId, ['cancelled']);
      expect(execution.error?.message).toBe('cancelled by tester before its turn');
      expect(effectLog.get(log)).toHaveLength(1);
      // Said on its stream, so a page showing it queued (in either process) updates.
      await b.waitFor(() =>
        feed.events.some(
          (e) => e.executionId === second.executionId && e.type === 'execution_cancelled',
        ),
      );
    } finally {
      feed.stop();
      await a.api.runtime.deactivate({ workflowId: wf.id });
    }
  });

  it('refuses to cancel, through the other runtime, an execution that has finished', async () => {
    const wf = await a.save({
      nodes: [node('trigger', 'manual-trigger'), node('out', 'log')],
      edges: [edge('trigger', 'out')],
    });
    const { executionId } = await a.api.runtime.run({ workflowId: wf.id });
    await a.until(executionId, ['succeeded']);
    await expect(b.api.runtime.cancel({ executionId })).rejects.toThrow(
      `execution "${executionId}" is already succeeded`,
    );
  });

  it("shows, through the other runtime, a workflow's execution that runs in the first", async () => {
    const { wf, executionId } = await waitingInA();
    // The editor's stream of the workflow, opened on the other process, starts with it.
    const snapshots = await b.runtime.snapshots({ workflowId: wf.id });
    expect(snapshots).toEqual([
      expect.objectContaining({
        executionId,
        status: 'waiting',
        nodes: expect.objectContaining({
          trigger: expect.objectContaining({ status: 'succeeded' }),
          wait: expect.objectContaining({ status: 'waiting' }),
        }),
      }),
    ]);
    await b.api.runtime.cancel({ executionId });
    await a.until(executionId, ['cancelled']);
    expect(await b.runtime.snapshots({ workflowId: wf.id })).toEqual([]);
  });

  it('cancels a record of the first runtime that it does not hold in memory (a resume failed)', async () => {
    const wf = await a.save({
      nodes: [node('trigger', 'manual-trigger'), node('out', 'log')],
      edges: [edge('trigger', 'out')],
    });
    const id = `ex_stuck_${Date.now()}`;
    a.runtime.writer.execution(
      testExecutionRecord(id, {
        workflowId: wf.id,
        workflowVersion: wf.version,
        status: 'running',
        owner: a.runtime.owner,
        startedAt: new Date(),
      }),
    );
    await a.runtime.writer.flush(id);
    await expect(b.api.runtime.cancel({ executionId: id })).resolves.toMatchObject({
      status: 'cancelling',
    });
    const { execution } = await a.until(id, ['cancelled']);
    expect(execution.error).toMatchObject({ message: 'cancelled by tester' });
  });
});

describe.each(databaseBackends)('a cancel sent to a process that died, on $name', ({ open }) => {
  it('is kept in the record: recovery cancels the execution instead of resuming it', async () => {
    const database = await open();
    // Two buses that do not meet: the message to the first runtime is lost, as it is to a
    // process killed a moment ago whose heartbeat is still fresh.
    const [busA, busB] = [createMemoryEventBus(), createMemoryEventBus()];
    const timing = { heartbeatMs: 200, deadAfterMs: 10_000 };
    const a = await startTestRuntime(database, { bus: busA, recover: true, timing });
    const b = await startTestRuntime(database, { bus: busB, recover: true, timing });
    try {
      const wf = await a.save({
        nodes: [node('trigger', 'manual-trigger'), node('wait', 'delay', { ms: 60_000 })],
        edges: [edge('trigger', 'wait')],
      });
      const { executionId } = await a.api.runtime.run({ workflowId: wf.id });
      await a.until(executionId, ['waiting']);
      await expect(b.api.runtime.cancel({ executionId })).resolves.toMatchObject({
        status: 'cancelling',
      });
      // The first process goes away (its heartbeat row with it) without having heard.
      const stranded = a.runtime.executor.get(executionId);
      await a.close();
      await b.runtime.recoverOrphans();
      const { execution } = await b.until(executionId, ['cancelled']);
      expect(execution.error).toMatchObject({ message: 'cancelled by tester' });
      expect(b.runtime.executor.get(executionId)).toBeUndefined();
      stranded?.cancel('the test is over');
    } finally {
      await b.close();
      await database.close();
    }
  });
});

describe.each(databaseBackends)(
  'an approval decided after its process stopped, on $name',
  ({ open }) => {
    it('resumes the execution once and says the decision once', async () => {
      const database = await open();
      const bus = createEventBus({ log: logger });
      const a = await startTestRuntime(database, { bus });
      const b = await startTestRuntime(database, { bus });
      try {
        const wf = await gated(a, node('after', 'log'));
        const { executionId, approval } = await waitingAtGate(a, wf.id);
        await a.close(); // the process that held it is gone
        const feed = await b.collect(wf.id);
        await b.api.runtime.approve({ approvalId: approval.id });
        const { nodeRuns } = await b.until(executionId, ['succeeded']);
        expect(nodeRuns.find((r) => r.nodeId === 'after')?.status).toBe('succeeded');
        await b.waitFor(() => feed.events.some((e) => e.type === 'execution_completed'));
        const resolved = feed.events.filter((e) => e.type === 'approval_resolved');
        expect(resolved).toEqual([
          expect.objectContaining({ approvalId: approval.id, decision: 'approved', by: 'tester' }),
        ]);
        feed.stop();
      } finally {
        await b.close();
        await bus.close();
        await database.close();
      }
    });
  },
);

describe.each(databaseBackends)(
  'an approval decided while another process recovers the execution, on $name',
  ({ open }) => {
    it('runs what follows the gate once', async () => {
      await withDeadProcess(open, async ({ a, b, gone }) => {
        for (let i = 0; i < 3; i++) {
          const log = `decide-race-${Date.now()}-${i}`;
          const wf = await gated(gone, node('order', 'test-effect', { log }));
          const { executionId, approval } = await waitingAtGate(gone, wf.id);
          // Approved through one process while the other's recovery sweep claims it.
          await Promise.all([
            a.api.runtime.approve({ approvalId: approval.id }),
            b.runtime.recoverOrphans(),
          ]);
          await a.until(executionId, ['succeeded']);
          await new Promise((r) => setTimeout(r, 200));
          expect(effectLog.get(log), `round ${i}`).toHaveLength(1);
        }
      });
    });
  },
);

describe.each(databaseBackends)(
  'an execution whose process died, cancelled by the record alone, on $name',
  ({ open }) => {
    it('withdraws its approval and tells those watching: cancelled now, by recovery, or by SHUTDOWN', async () => {
      await withDeadProcess(open, async ({ database, b, gone }) => {
        const wf = await gated(gone, node('after', 'log'));
        const feed = await b.collect(wf.id);
        const waiting = await Promise.all([0, 1, 2].map(() => waitingAtGate(gone, wf.id)));
        const started = waiting.map((w) => w.executionId);
        const approvalsOf = waiting.map((w) => w.approval);
        const seqBefore = await Promise.all(
          started.map(async (id) => (await b.until(id, ['waiting'])).execution.lastSeq),
        );
        // The first: cancelled through the API, by the record alone.
        await expect(b.api.runtime.cancel({ executionId: started[0]! })).resolves.toMatchObject({
          status: 'cancelled',
        });
        // The second: its cancel was asked while its process lived, and recovery carries it out.
        await database.db.execute(
          sql`update executions set cancel_requested = 'tester' where id = ${started[1]!}`,
        );
        await b.runtime.recoverOrphans();
        // The third: SHUTDOWN, set in a live process, cancels what the dead one left waiting.
        await b.api.emergency.set({ level: 'SHUTDOWN', reason: 'stop everything' });
        const reasons = [
          'cancelled by tester',
          'cancelled by tester',
          'emergency SHUTDOWN by tester: stop everything',
        ];

        for (const [i, executionId] of started.entries()) {
          await b.until(executionId, ['cancelled']);
          const approval = await b.waitFor(async () => {
            const row = await b.runtime.approvals.get(approvalsOf[i]!.id);
            return row?.status === 'withdrawn' ? row : undefined;
          });
          expect(approval).toMatchObject({
            decidedBy: 'the system',
            comment: `the execution was cancelled (${reasons[i]})`,
          });
          // A page showing it waiting hears that its gate was withdrawn and that it ended, once
          // each, after what it had heard before.
          const ofIt = () =>
            feed.events.filter(
              (e) =>
                e.executionId === executionId &&
                (e.type === 'execution_cancelled' || e.type === 'approval_resolved'),
            );
          await b.waitFor(() => ofIt().length >= 2);
          await new Promise((r) => setTimeout(r, 100));
          const said = ofIt();
          expect(said).toEqual([
            expect.objectContaining({
              type: 'approval_resolved',
              approvalId: approvalsOf[i]!.id,
              decision: 'withdrawn',
            }),
            expect.objectContaining({ type: 'execution_cancelled', reason: reasons[i] }),
          ]);
          expect(said[0]!.seq).toBeGreaterThan(seqBefore[i]!);
          expect(said[1]!.seq).toBeGreaterThan(said[0]!.seq);
          // A client that opens the execution now sees a cancelled gate, not one that waits, and
          // is not behind what was said.
          const [snapshot] = await b.runtime.snapshots({ executionId });
          expect(snapshot).toMatchObject({
            status: 'cancelled',
            nodes: { gate: { status: 'cancelled' } },
          });
          expect(snapshot!.seq).toBeGreaterThanOrEqual(said[1]!.seq);
          expect(b.runtime.executor.get(executionId)).toBeUndefined();
        }
        feed.stop();
      });
    });
  },
);

describe.each(databaseBackends)(
  'a cancel that lands while this process takes an execution over, on $name',
  ({ open }) => {
    it('ends the execution cancelled: the copy being resumed does not write over it', async () => {
      await withDeadProcess(open, async ({ a, gone }) => {
        for (let i = 0; i < 8; i++) {
          const wf = await gated(gone, node('wait', 'delay', { ms: 60_000 }));
          const { executionId, approval } = await waitingAtGate(gone, wf.id);
          // Approved (this process claims and resumes it) and cancelled at the same moment. On
          // PGlite, which runs one statement at a time, the two rarely interleave; on Postgres
          // the cancel landed between claim and resume in most rounds before they took turns.
          const [approved, cancelled] = await Promise.allSettled([
            a.api.runtime.approve({ approvalId: approval.id }),
            new Promise((r) => setTimeout(r, i)).then(() => a.api.runtime.cancel({ executionId })),
          ]);
          expect(
            cancelled.status,
            `round ${i}: ${String((cancelled as PromiseRejectedResult).reason)}`,
          ).toBe('fulfilled');
          const { execution } = await a.until(executionId, ['cancelled']);
          expect(execution.error).toMatchObject({ message: 'cancelled by tester' });
          // And it stays so: nothing of the execution goes on in this process.
          await new Promise((r) => setTimeout(r, 100));
          expect(
            (await a.until(executionId, ['cancelled'])).execution.status,
            `round ${i}, approve ${approved.status}`,
          ).toBe('cancelled');
          expect(a.runtime.executor.get(executionId)).toBeUndefined();
        }
      });
    });
  },
);

/**
 * Node runs stored as checkpoint chunks (db/node-runs.ts): what the writer's store writes reads
 * back as it was recorded, a payload shared by several ports of a chunk is written once, and a
 * later chunk's state of a node run wins over an earlier one.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbCheckpointStore, type NodeRunRecord } from '../runtime/checkpoint';
import { databaseBackends } from '../testing/databases';
import { testExecutionRecord } from '../testing/records';
import type { Database } from './client';
import { nodeRunField, nodeRunsOf } from './node-runs';
import { executions, nodeRunChunks, nodeRuns, workflows } from './schema';

describe.each(databaseBackends)('node run chunks on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
    await database.db
      .insert(workflows)
      .values({ id: 'wf', name: 'wf', version: 1, definition: {} as never });
    await database.db.insert(executions).values(
      ['ex_1', 'ex_2'].map((id) => ({
        id,
        workflowId: 'wf',
        workflowVersion: 1,
        status: 'running' as const,
        triggerKind: 'manual' as const,
      })),
    );
  });
  afterAll(async () => {
    await database?.close();
  });

  const t0 = Date.parse('2026-02-01T00:00:00Z');
  const run = (
    executionId: string,
    nodeId: string,
    i: number,
    inputs: unknown,
    outputs: NodeRunRecord['outputs'],
    more: Partial<NodeRunRecord> = {},
  ): NodeRunRecord => ({
    executionId,
    nodeId,
    nodeType: 'set-fields',
    attempt: 1,
    status: 'succeeded',
    inputs,
    outputs,
    error: null,
    wait: null,
    startedAt: new Date(t0 + i),
    finishedAt: new Date(t0 + i + 1),
    durationMs: 0.25,
    ...more,
  });

  it('reads back what was recorded, writing a payload shared by several ports once', async () => {
    const payload = { body: { price: 101.5 }, headers: { 'content-type': 'application/json' } };
    const set = { ...payload, venue: 'paper-venue-marker' };
    const runs = [
      run('ex_1', 'hook', 0, {}, { out: payload }),
      run('ex_1', 'set', 1, { in: payload }, { out: set }),
      // A pass-through: its output is its input.
      run('ex_1', 'threshold', 2, { in: set }, { above: set, below: undefined }),
      run('ex_1', 'two', 3, { a: set, b: payload, n: 3 }, { out: 'text' }),
      run('ex_1', 'wait', 4, [1, 2], null, {
        status: 'waiting',
        finishedAt: null,
        durationMs: null,
        wait: { kind: 'approval', untilMs: 9, approvalId: 'ap' },
      }),
      run('ex_1', 'bad', 5, null, null, {
        status: 'failed',
        error: { code: 'E', message: 'no', retryable: false },
      }),
      run('ex_2', 'other', 0, { in: payload }, { out: payload }),
    ];
    await createDbCheckpointStore(database.db).write({ executions: [], nodeRuns: runs });
    const stored = await database.db.select().from(nodeRunChunks);
    expect(stored.map((c) => c.executionId).sort()).toEqual(['ex_1', 'ex_2']);
    const text = JSON.stringify(stored.find((c) => c.executionId === 'ex_1')!.runs);
    expect(text.split('paper-venue-marker')).toHaveLength(2);
    // Once in the hook's output, once inside the set node's new object: refs are per port value.
    expect(text.split('101.5')).toHaveLength(3);

    const back = await nodeRunsOf(database.db, 'ex_1');
    const expected = runs.filter((r) => r.executionId === 'ex_1');
    expect(back.map(({ id: _id, ...r }) => r)).toEqual(
      expected.map((r) => ({
        ...r,
        inputs: r.inputs ?? null,
        // JSON leaves out an undefined port, as it did before.
        outputs: r.outputs && JSON.parse(JSON.stringify(r.outputs)),
      })),
    );
    expect(await nodeRunField(database.db, 'ex_1', back[2]!.id, 'outputs')).toEqual({
      above: set,
    });
    expect(await nodeRunField(database.db, 'ex_2', back[2]!.id, 'outputs')).toBeUndefined();
    const other = await nodeRunsOf(database.db, 'ex_2');
    expect(other[0]).toMatchObject({ inputs: { in: payload }, outputs: { out: payload } });
  });

  it('writes the same chunks in a small batch (VALUES) and a large one (JSON), odd values included', async () => {
    const shared = { price: 1, note: 'quote " and \\ backslash' };
    const runsOf = (executionId: string) => [
      run(executionId, 'a', 0, 'plain text input', {
        'port "x"': shared,
        fn: (() => 1) as unknown,
      }),
      run(executionId, 'b', 1, { in: shared, gone: undefined }, { out: shared, n: Number.NaN }),
      run(executionId, 'c', 2, [shared], null, { durationMs: null, finishedAt: null }),
    ];
    const store = createDbCheckpointStore(database.db);
    await store.write({ executions: [], nodeRuns: runsOf('ex_small') });
    const manyIds = Array.from({ length: 17 }, (_, i) => `ex_many_${i}`);
    const others = manyIds.flatMap(runsOf);
    await store.write({ executions: [], nodeRuns: [...runsOf('ex_large'), ...others] });
    const strip = (rows: Awaited<ReturnType<typeof nodeRunsOf>>) =>
      rows.map(({ id: _id, executionId: _e, ...r }) => r);
    const small = strip(await nodeRunsOf(database.db, 'ex_small'));
    expect(strip(await nodeRunsOf(database.db, 'ex_large'))).toEqual(small);
    // As JSON.stringify would have written them: no function, no undefined, NaN as null.
    expect(small.map((r) => [r.inputs, r.outputs])).toEqual([
      ['plain text input', { 'port "x"': shared }],
      [{ in: shared }, { out: shared, n: null }],
      [[shared], null],
    ]);
    // The tests below count what is left in the table.
    await database.db
      .delete(nodeRunChunks)
      .where(inArray(nodeRunChunks.executionId, ['ex_small', 'ex_large', ...manyIds]));
  });

  it('takes the newest chunk state of a node run, keeping the older one for its own id', async () => {
    const store = createDbCheckpointStore(database.db);
    await store.write({
      executions: [],
      nodeRuns: [
        run('ex_2', 'slow', 5, { in: 1 }, null, {
          status: 'running',
          finishedAt: null,
          durationMs: null,
        }),
      ],
    });
    const running = (await nodeRunsOf(database.db, 'ex_2')).find((r) => r.nodeId === 'slow')!;
    expect(running.status).toBe('running');
    await store.write({
      executions: [],
      nodeRuns: [run('ex_2', 'slow', 5, { in: 1 }, { out: 2 })],
    });
    const runs = await nodeRunsOf(database.db, 'ex_2');
    expect(runs.map((r) => [r.nodeId, r.status])).toEqual([
      ['other', 'succeeded'],
      ['slow', 'succeeded'],
    ]);
    expect(await nodeRunField(database.db, 'ex_2', runs[1]!.id, 'outputs')).toEqual({ out: 2 });
    expect(await nodeRunField(database.db, 'ex_2', running.id, 'inputs')).toEqual({ in: 1 });
  });

  it('deletes the chunks of deleted executions, also through a deleted workflow (migration 0008)', async () => {
    await database.db.delete(executions).where(eq(executions.id, 'ex_1'));
    const left = await database.db
      .select({ id: nodeRunChunks.executionId })
      .from(nodeRunChunks)
      .groupBy(nodeRunChunks.executionId);
    expect(left).toEqual([{ id: 'ex_2' }]);
    await database.db.delete(workflows).where(eq(workflows.id, 'wf'));
    expect(await database.db.select().from(nodeRunChunks)).toEqual([]);
  });

  it('deletes the executions of a deleted workflow and their node runs, and no other (migration 0009)', async () => {
    await database.db
      .insert(workflows)
      .values(
        ['wf_a', 'wf_b'].map((id) => ({ id, name: id, version: 1, definition: {} as never })),
      );
    const store = createDbCheckpointStore(database.db);
    const exec = (id: string, workflowId: string) =>
      testExecutionRecord(id, {
        workflowId,
        nodesSucceeded: 1,
        startedAt: new Date(t0),
        finishedAt: new Date(t0 + 1),
      });
    await store.write({
      executions: [exec('ex_a', 'wf_a'), exec('ex_b', 'wf_b')],
      nodeRuns: [
        run('ex_a', 'n', 0, { in: 1 }, { out: 1 }),
        run('ex_b', 'n', 0, { in: 2 }, { out: 2 }),
      ],
    });
    // History recorded before migration 0007, in the node_runs table.
    await database.db.insert(nodeRuns).values({
      executionId: 'ex_a',
      nodeId: 'old',
      status: 'succeeded',
      nodeType: 'set-fields',
      startedAt: new Date(t0),
    });
    await database.db.delete(workflows).where(eq(workflows.id, 'wf_a'));
    expect(await database.db.select({ id: executions.id }).from(executions)).toEqual([
      { id: 'ex_b' },
    ]);
    expect(await nodeRunsOf(database.db, 'ex_a')).toEqual([]);
    expect(await database.db.select().from(nodeRuns)).toEqual([]);
    expect((await nodeRunsOf(database.db, 'ex_b')).map((r) => r.inputs)).toEqual([{ in: 2 }]);
  });
});

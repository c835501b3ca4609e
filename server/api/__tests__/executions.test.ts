/**
 * Execution history through the real tRPC procedures, on every database backend: list filters,
 * keyset pages, search, counts, detail with truncation, payloads, delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { executions, nodeRuns } from '../../db/schema';
import { createDbCheckpointStore, type NodeRunRecord } from '../../runtime/checkpoint';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

type Row = typeof executions.$inferInsert;

describe.each(databaseBackends)('execution history on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  let wfA: string;
  let wfB: string;
  const base = Date.parse('2026-01-10T12:00:00Z');

  /** Stored rows, as the runtime would leave them; `at` in minutes after `base`. */
  async function seed(rows: (Partial<Row> & { id: string; at: number })[]) {
    await database.db.insert(executions).values(
      rows.map(({ at, ...r }) => ({
        workflowId: wfA,
        workflowVersion: 2, // create makes version 1 (empty), the save in t.save version 2
        status: 'succeeded' as const,
        triggerKind: 'manual' as const,
        startedAt: new Date(base + at * 60_000),
        finishedAt: new Date(base + at * 60_000 + 1_500),
        ...r,
      })),
    );
  }

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
    wfA = (await t.save({ name: 'Alpha', nodes: [node('t', 'manual-trigger')], edges: [] })).id;
    wfB = (await t.save({ name: 'Beta', nodes: [node('t', 'manual-trigger')], edges: [] })).id;
    await seed([
      { id: 'ex_a1', at: 0 },
      { id: 'ex_a2', at: 1, status: 'failed', error: { code: 'X', message: 'boom', nodeId: 'n' } },
      { id: 'ex_a3', at: 2, triggerKind: 'cron' },
      { id: 'ex_b1', at: 3, workflowId: wfB, status: 'failed' },
      { id: 'ex_b2', at: 4, workflowId: wfB, status: 'running', finishedAt: null },
      { id: 'ex_b3', at: 5, workflowId: wfB, triggerKind: 'webhook', status: 'cancelled' },
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

  it('lists newest first with workflow names, durations and errors', async () => {
    const page = await t.api.executions.list({ search: 'ex_' });
    expect(ids(page)).toEqual(['ex_b3', 'ex_b2', 'ex_b1', 'ex_a3', 'ex_a2', 'ex_a1']);
    const a2 = page.items.find((i) => i.id === 'ex_a2')!;
    expect(a2).toMatchObject({
      workflowName: 'Alpha',
      status: 'failed',
      durationMs: 1_500,
      error: { code: 'X', message: 'boom', nodeId: 'n' },
    });
    expect(page.items.find((i) => i.id === 'ex_b2')!.durationMs).toBeNull();
    expect(page.nextCursor).toBeNull();
  });

  it('narrows by each filter', async () => {
    const list = (f: Parameters<typeof t.api.executions.list>[0]) =>
      t.api.executions.list({ search: 'ex_', ...f }).then(ids);
    expect(await list({ workflowId: wfB })).toEqual(['ex_b3', 'ex_b2', 'ex_b1']);
    expect(await list({ status: ['failed'] })).toEqual(['ex_b1', 'ex_a2']);
    expect(await list({ status: ['failed', 'running'] })).toEqual(['ex_b2', 'ex_b1', 'ex_a2']);
    expect(await list({ trigger: ['cron', 'webhook'] })).toEqual(['ex_b3', 'ex_a3']);
    const at = (m: number) => new Date(base + m * 60_000).toISOString();
    expect(await list({ from: at(1), to: at(3) })).toEqual(['ex_a3', 'ex_a2']);
    expect(await list({ workflowId: wfA, status: ['failed'], from: at(0) })).toEqual(['ex_a2']);
    expect(await list({ search: 'ex_b' })).toEqual(['ex_b3', 'ex_b2', 'ex_b1']);
    expect(await list({ search: 'ex_a2' })).toEqual(['ex_a2']);
    // `_` is a literal here, not LIKE's any-character.
    expect(await list({ search: 'ex_a_' })).toEqual([]);
  });

  it('pages by cursor with no gaps or duplicates, even when start times are equal', async () => {
    const same = new Date(base + 10 * 60_000 + 0.5); // sub-millisecond precision on purpose
    await database.db.insert(executions).values(
      Array.from({ length: 25 }, (_, i) => ({
        id: `eq_${String(i).padStart(2, '0')}`,
        workflowId: wfA,
        workflowVersion: 1,
        status: 'succeeded' as const,
        triggerKind: 'manual' as const,
        startedAt: i < 20 ? same : new Date(base + (11 + i) * 60_000),
      })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await t.api.executions.list({ search: 'eq_', limit: 7, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const expected = [
      ...Array.from({ length: 5 }, (_, i) => `eq_${24 - i}`),
      ...Array.from({ length: 20 }, (_, i) => `eq_${String(19 - i).padStart(2, '0')}`),
    ];
    expect(seen).toEqual(expected);
  });

  it('refuses a bad cursor and bad filters, naming the field', async () => {
    await expect(t.api.executions.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('cursor'),
    });
    await expect(t.api.executions.list({ limit: 500 })).rejects.toThrow(/limit/);
    await expect(t.api.executions.list({ status: ['exploded' as 'failed'] })).rejects.toThrow(
      /status\[0\]/,
    );
    await expect(t.api.executions.list({ from: 'yesterday' })).rejects.toThrow(/from/);
    await expect(t.api.executions.list({ search: "x' or 1=1" })).rejects.toThrow(/search/);
    await expect(t.api.executions.delete({ ids: [] })).rejects.toThrow(/ids/);
  });

  it('counts per status under the filters', async () => {
    const stats = await t.api.executions.stats({ search: 'ex_' });
    expect(stats.counts).toEqual({
      queued: 0,
      running: 1,
      waiting: 0,
      halted: 0,
      succeeded: 2,
      failed: 2,
      cancelled: 1,
    });
    expect(stats.total).toBe(6);
    expect(stats.capped).toBe(false);
    // The list's filter object may be passed as it is: its status does not narrow the counts.
    const b = await t.api.executions.stats({
      workflowId: wfB,
      trigger: ['manual'],
      ...{ status: ['failed'] },
    });
    expect(b.counts.failed).toBe(1);
    expect(b.counts.running).toBe(1);
    expect(b.total).toBe(2);
  });

  it('shows an execution in detail, truncating large payloads, with each in full on request', async () => {
    const big = { rows: 'x'.repeat(70_000) };
    await seed([{ id: 'big_1', at: 100, input: big }]);
    const [run] = await database.db
      .insert(nodeRuns)
      .values([
        {
          executionId: 'big_1',
          nodeId: 't',
          nodeType: 'manual-trigger',
          status: 'succeeded',
          inputs: { small: true },
          outputs: { out: big },
          startedAt: new Date(base),
        },
      ])
      .returning();
    const detail = await t.api.executions.get({ id: 'big_1' });
    expect(detail.execution.workflowName).toBe('Alpha');
    expect(detail.workflow.nodes.map((n) => n.id)).toEqual(['t']);
    expect(detail.nodeRuns[0]!.inputs).toEqual({ small: true });
    expect(detail.nodeRuns[0]!.outputs).toMatchObject({
      __truncated: true,
      bytes: JSON.stringify({ out: big }).length,
    });
    expect(detail.execution.input).toMatchObject({ __truncated: true });
    const full = await t.api.executions.payload({
      id: 'big_1',
      nodeRunId: run!.id,
      field: 'outputs',
    });
    expect(full).toEqual({ out: big });
    expect(await t.api.executions.payload({ id: 'big_1', field: 'input' })).toEqual(big);
    await expect(
      t.api.executions.payload({ id: 'ex_a1', nodeRunId: run!.id, field: 'outputs' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.executions.get({ id: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reads node runs from checkpoint chunks and from node_runs rows alike, the newest state of each', async () => {
    await seed([{ id: 'chk_1', at: 150, status: 'running', finishedAt: null }]);
    // Recorded before migration 0007: a node_runs row.
    await database.db.insert(nodeRuns).values({
      executionId: 'chk_1',
      nodeId: 't',
      nodeType: 'manual-trigger',
      status: 'succeeded',
      outputs: { out: 1 },
      startedAt: new Date(base + 150 * 60_000),
    });
    // Since: chunks written by the checkpoint writer's store, one batch each.
    const store = createDbCheckpointStore(database.db);
    const run = (status: NodeRunRecord['status'], outputs: NodeRunRecord['outputs']) => ({
      executionId: 'chk_1',
      nodeId: 'slow',
      nodeType: 'delay',
      attempt: 1,
      status,
      inputs: { in: 1 },
      outputs,
      error: null,
      wait: null,
      startedAt: new Date(base + 150 * 60_000 + 10),
      finishedAt: status === 'running' ? null : new Date(base + 150 * 60_000 + 20),
      durationMs: status === 'running' ? null : 10,
    });
    await store.write({ executions: [], nodeRuns: [run('running', null)] });
    await store.write({
      executions: [],
      nodeRuns: [
        run('succeeded', { out: { big: 'y'.repeat(70_000) } }),
        { ...run('failed', null), nodeId: 'next', error: { code: 'E', message: 'no' } },
      ],
    });
    const detail = await t.api.executions.get({ id: 'chk_1' });
    expect(detail.nodeRuns.map((r) => [r.nodeId, r.status, r.attempt])).toEqual([
      ['t', 'succeeded', 1],
      ['slow', 'succeeded', 1],
      ['next', 'failed', 1],
    ]);
    const slow = detail.nodeRuns[1]!;
    expect(slow).toMatchObject({ inputs: { in: 1 }, durationMs: 10, wait: null });
    expect(slow.finishedAt).toEqual(new Date(base + 150 * 60_000 + 20));
    expect(slow.outputs).toMatchObject({ __truncated: true });
    expect(detail.nodeRuns[2]!.error).toEqual({ code: 'E', message: 'no' });
    expect(new Set(detail.nodeRuns.map((r) => r.id)).size).toBe(3);
    expect(
      await t.api.executions.payload({ id: 'chk_1', nodeRunId: slow.id, field: 'outputs' }),
    ).toEqual({ out: { big: 'y'.repeat(70_000) } });
    expect(
      await t.api.executions.payload({ id: 'chk_1', nodeRunId: slow.id, field: 'inputs' }),
    ).toEqual({ in: 1 });
    await expect(
      t.api.executions.payload({ id: 'chk_1', nodeRunId: slow.id + 5, field: 'outputs' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.api.executions.payload({ id: 'ex_a1', nodeRunId: slow.id, field: 'outputs' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // What a resume starts from: the same runs.
    const checkpoint = await store.load('chk_1');
    expect(checkpoint!.nodeRuns.map((r) => [r.nodeId, r.status])).toEqual([
      ['t', 'succeeded'],
      ['slow', 'succeeded'],
      ['next', 'failed'],
    ]);
  });

  it('deletes finished executions only, by id and by filter', async () => {
    await seed([
      { id: 'del_1', at: 200 },
      { id: 'del_2', at: 201, status: 'failed' },
      { id: 'del_3', at: 202, status: 'waiting', finishedAt: null },
      { id: 'del_4', at: 203, status: 'halted', finishedAt: null },
      { id: 'del_5', at: 204 },
      { id: 'del_6', at: 205, status: 'queued', finishedAt: null },
    ]);
    expect(await t.api.executions.delete({ ids: ['del_1', 'del_3', 'del_4', 'nope'] })).toEqual({
      deleted: 1,
      skipped: 2,
    });
    expect(await t.api.executions.deleteWhere({ search: 'del_' })).toEqual({
      deleted: 2,
      skipped: 3,
    });
    const left = await t.api.executions.list({ search: 'del_' });
    expect(ids(left)).toEqual(['del_6', 'del_4', 'del_3']);
  });

  it('re-runs with the same input on the version that ran or the current one', async () => {
    const wf = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('v', 'test-source', { value: 'v1' })],
      edges: [edge('trigger', 'v')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id, input: { n: 7 } });
    await t.until(executionId, ['succeeded']);
    await t.api.workflows.save({
      workflow: { ...wf, nodes: [wf.nodes[0]!, { ...wf.nodes[1]!, props: { value: 'v2' } }] },
    });
    const original = await t.api.executions.rerun({ id: executionId, version: 'original' });
    const current = await t.api.executions.rerun({ id: executionId, version: 'current' });
    const a = await t.until(original.executionId, ['succeeded']);
    const b = await t.until(current.executionId, ['succeeded']);
    for (const r of [a, b]) {
      expect(r.execution).toMatchObject({ triggerKind: 'rerun', rerunOf: executionId });
      expect(r.nodeRuns[0]!.outputs).toEqual({ out: { n: 7 } });
    }
    expect([a.execution.workflowVersion, a.execution.output]).toEqual([wf.version, 'v1']);
    expect([b.execution.workflowVersion, b.execution.output]).toEqual([wf.version + 1, 'v2']);
    await expect(t.api.executions.rerun({ id: 'nope', version: 'current' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('has an execution on record as soon as run or rerun returns its id', async () => {
    const wf = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('slow', 'test-slow', { ms: 200 })],
      edges: [edge('trigger', 'slow')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    // No waiting: the page a user opens next must find it.
    expect((await t.api.executions.get({ id: executionId })).execution.id).toBe(executionId);
    const again = await t.api.executions.rerun({ id: executionId, version: 'original' });
    expect((await t.api.executions.get({ id: again.executionId })).execution.rerunOf).toBe(
      executionId,
    );
    await t.until(again.executionId, ['succeeded']);
  });
});

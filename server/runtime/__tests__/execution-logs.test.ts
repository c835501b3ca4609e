/**
 * Execution log lines in the history: what nodes log at or above the kept level, failures and
 * retries, at most 1,000 lines per execution, deleted with their execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

describe.each(databaseBackends)('execution logs on $name', ({ open }) => {
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

  it('keeps log node lines, retries and the failure, in order, and not lines below the level', async () => {
    const retry = { maxAttempts: 2, backoffMs: 1, factor: 1, maxBackoffMs: 1 };
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('say', 'log', { message: 'price seen', level: 'info' }),
        node('quiet', 'log', { message: 'too detailed', level: 'debug' }),
        node('flaky', 'test-flaky', { failures: 1 }, { retry }),
        node('broken', 'test-flaky', { failures: 5, fatal: true }),
      ],
      edges: [
        edge('trigger', 'say'),
        edge('say', 'quiet'),
        edge('quiet', 'flaky'),
        edge('flaky', 'broken'),
      ],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id, input: { price: 101 } });
    await t.until(executionId, ['failed']);
    await t.runtime.executionLogs.flush();
    const { lines } = await t.api.executions.logs({ id: executionId });
    expect(lines.map((l) => [l.level, l.nodeId, l.msg])).toEqual([
      ['info', 'say', 'price seen'],
      ['warn', 'flaky', 'attempt 1 failed (FLAKY: flaky failure 1); retrying in 1 ms'],
      ['error', 'broken', 'node failed: fatal failure 1'],
    ]);
    expect(lines[0]!.data).toEqual({ value: { price: 101 } });
    expect(lines[0]!.ts).toBeInstanceOf(Date);
    expect(lines[2]!.data).toEqual({ code: 'BAD_REQUEST', attempt: 1 });
  });

  it('keeps at most 1,000 lines per execution and says how many were dropped', async () => {
    const wf = await t.save({ nodes: [node('trigger', 'manual-trigger')], edges: [] });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['succeeded']);
    const logs = t.runtime.executionLogs;
    for (let i = 0; i < 1_200; i++) logs.line(executionId, 'info', 'n', `line ${i}`, { i });
    logs.finished(executionId);
    await logs.flush();
    const { lines } = await t.api.executions.logs({ id: executionId });
    expect(lines).toHaveLength(1_000);
    expect(lines[998]!.msg).toBe('line 998');
    expect(lines[999]!.msg).toBe('201 more log lines were not kept (at most 1000 per execution)');
    const firstTen = await t.api.executions.logs({ id: executionId, limit: 10 });
    expect(firstTen.lines.map((l) => l.msg)).toEqual(
      Array.from({ length: 10 }, (_, i) => `line ${i}`),
    );

    expect(await t.api.executions.delete({ ids: [executionId] })).toEqual({
      deleted: 1,
      skipped: 0,
    });
    await expect(t.api.executions.logs({ id: executionId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Lines of a deleted execution that arrive late are dropped, not an error.
    logs.line(executionId, 'warn', null, 'late');
    await logs.flush();
  });
});

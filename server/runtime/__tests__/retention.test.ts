/**
 * History retention on every backend: by age and by count, in batches, never touching an
 * execution that may still run; plus the env settings it reads.
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionStatus } from '@/lib/events';
import type { Database } from '../../db/client';
import { executionLogs, executions, nodeRunChunks, nodeRuns } from '../../db/schema';
import { databaseBackends } from '../../testing/databases';
import { node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { parseDuration, pruneExecutions, retentionFromEnv } from '../retention';

const DAY = 86_400_000;

describe('retention settings', () => {
  it('reads durations in days, hours, minutes, seconds or plain seconds', () => {
    expect(parseDuration('14d', 'X')).toBe(14 * DAY);
    expect(parseDuration('36h', 'X')).toBe(36 * 3_600_000);
    expect(parseDuration('90m', 'X')).toBe(90 * 60_000);
    expect(parseDuration('45', 'X')).toBe(45_000);
    expect(retentionFromEnv({})).toEqual({ maxAgeMs: 14 * DAY, maxCount: 10_000 });
    expect(retentionFromEnv({ EXECUTIONS_MAX_AGE: '2h', EXECUTIONS_MAX_COUNT: '0' })).toEqual({
      maxAgeMs: 2 * 3_600_000,
      maxCount: 0,
    });
  });

  it('refuses what it cannot read, naming the variable', () => {
    expect(() => retentionFromEnv({ EXECUTIONS_MAX_AGE: '2 weeks' })).toThrow(
      /^EXECUTIONS_MAX_AGE="2 weeks": give a duration such as 14d/,
    );
    expect(() => retentionFromEnv({ EXECUTIONS_MAX_AGE: '0' })).toThrow(/EXECUTIONS_MAX_AGE/);
    expect(() => retentionFromEnv({ EXECUTIONS_MAX_COUNT: 'lots' })).toThrow(
      /^EXECUTIONS_MAX_COUNT="lots"/,
    );
  });
});

describe.each(databaseBackends)('retention on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  let workflowId: string;
  const unfinished: ExecutionStatus[] = ['queued', 'running', 'waiting', 'halted'];

  /**
   * `count` executions of one status, started `daysAgo` days ago, a second apart, each with a node
   * run as recorded before migration 0007 (a `node_runs` row) and one as recorded since (a chunk).
   */
  async function seed(prefix: string, count: number, daysAgo: number, status: ExecutionStatus) {
    const rows = Array.from({ length: count }, (_, i) => ({
      id: `${prefix}_${String(i).padStart(4, '0')}`,
      workflowId,
      workflowVersion: 2,
      status,
      triggerKind: 'cron' as const,
      startedAt: new Date(Date.now() - daysAgo * DAY + i * 1_000),
    }));
    await database.db.insert(executions).values(rows);
    await database.db.insert(nodeRuns).values(
      rows.map((r) => ({
        executionId: r.id,
        nodeId: 't',
        nodeType: 'manual-trigger',
        status: 'succeeded' as const,
        startedAt: r.startedAt,
      })),
    );
    await database.db.insert(nodeRunChunks).values(
      rows.map((r) => ({
        executionId: r.id,
        runs: [
          {
            nodeId: 'u',
            nodeType: 'log',
            attempt: 1,
            status: 'succeeded',
            startedAt: r.startedAt.toISOString(),
          },
        ],
      })),
    );
    await database.db
      .insert(executionLogs)
      .values(
        rows.map((r) => ({ executionId: r.id, ts: r.startedAt, level: 'info' as const, msg: 'x' })),
      );
  }

  const remaining = async () =>
    (await database.db.select({ id: executions.id }).from(executions)).map((r) => r.id).sort();

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
    workflowId = (await t.save({ nodes: [node('t', 'manual-trigger')], edges: [] })).id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('deletes finished executions past the age, in batches, with their node runs and logs', async () => {
    await seed('old', 2_500, 30, 'succeeded');
    await seed('oldfail', 3, 30, 'failed');
    for (const status of unfinished) await seed(`old${status}`, 1, 30, status);
    await seed('new', 5, 1, 'succeeded');

    const pruned = await pruneExecutions(database.db, {
      maxAgeMs: 14 * DAY,
      maxCount: 0,
      pauseMs: 1,
    });
    expect(pruned).toEqual({ byAge: 2_503, byCount: 0 });
    expect(await remaining()).toEqual(
      [
        ...unfinished.map((s) => `old${s}_0000`),
        ...Array.from({ length: 5 }, (_, i) => `new_000${i}`),
      ].sort(),
    );
    const orphans = await database.db
      .select({ id: nodeRuns.executionId })
      .from(nodeRuns)
      .where(inArray(nodeRuns.executionId, ['old_0000', 'old_2499']));
    expect(orphans).toEqual([]);
    expect(
      await database.db
        .select({ id: nodeRunChunks.executionId })
        .from(nodeRunChunks)
        .where(inArray(nodeRunChunks.executionId, ['old_0000', 'old_2499'])),
    ).toEqual([]);
    expect(
      await database.db
        .select({ id: executionLogs.id })
        .from(executionLogs)
        .where(inArray(executionLogs.executionId, ['old_0000', 'old_2499'])),
    ).toEqual([]);
  });

  it('keeps the newest executions up to the count, and every unfinished one', async () => {
    await database.db.delete(executions);
    await seed('a', 1_200, 3, 'succeeded'); // oldest
    await seed('b', 2, 2, 'running');
    await seed('c', 3, 1, 'failed'); // newest
    const pruned = await pruneExecutions(database.db, {
      maxAgeMs: 14 * DAY,
      maxCount: 10,
      pauseMs: 1,
    });
    // Newest 10: c×3, b×2, a_1199…a_1195; the running b's would stay even if older.
    expect(pruned).toEqual({ byAge: 0, byCount: 1_195 });
    expect(await remaining()).toEqual(
      [
        'a_1195',
        'a_1196',
        'a_1197',
        'a_1198',
        'a_1199',
        'b_0000',
        'b_0001',
        'c_0000',
        'c_0001',
        'c_0002',
      ].sort(),
    );
    // Both at once: the a's are past 2.5 days; of the newest two (c_0002, c_0001) none is older.
    expect(await pruneExecutions(database.db, { maxAgeMs: 2.5 * DAY, maxCount: 2 })).toEqual({
      byAge: 5,
      byCount: 1,
    });
    expect(await remaining()).toEqual(['b_0000', 'b_0001', 'c_0001', 'c_0002']);
  });

  it('prunes when a runtime starts, and stops with it', async () => {
    await seed('gone', 3, 20, 'cancelled');
    const pruning = await startTestRuntime(database, {
      retention: { maxAgeMs: 14 * DAY, maxCount: 0 },
    });
    try {
      await t.waitFor(async () => !(await remaining()).some((id) => id.startsWith('gone_')));
      expect(await pruning.runtime.pruneHistory()).toEqual({ byAge: 0, byCount: 0 });
    } finally {
      await pruning.close();
    }
  });
});

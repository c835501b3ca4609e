/**
 * The checkpoint store on each database: a batch reads back as it was recorded whatever its size
 * (a few executions go as a multi-row VALUES statement, many as JSON documents: both forms are
 * checked), and a later batch updates an execution in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { CHECKPOINT_CONNECTION, type Database } from '../db/client';
import { workflows } from '../db/schema';
import { databaseBackends } from '../testing/databases';
import {
  createDbCheckpointStore,
  type CheckpointStore,
  type ExecutionRecord,
  type NodeRunRecord,
} from './checkpoint';

const t0 = Date.parse('2026-03-01T10:00:00Z');

function execution(id: string, i: number, more: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id,
    workflowId: 'wf',
    workflowVersion: 2,
    status: 'succeeded',
    triggerKind: 'webhook',
    triggerNodeId: 'hook',
    // Every third execution lacks each optional value, so that a batch of 3 holds every case.
    input: i % 3 === 2 ? null : { body: { price: 100 + i, note: `line ${i}\nquote "x"` } },
    output: i % 3 === 0 ? null : { side: 'sell', price: 100 + i },
    error: i % 3 === 1 ? { code: 'NODE_FAILED', message: `failed ${i}`, nodeId: 'fetch' } : null,
    rerunOf: i % 2 ? 'ex_earlier' : null,
    nodesSucceeded: i,
    nodesFailed: i % 2,
    owner: i % 2 ? null : 'rt_owner',
    startedAt: new Date(t0 + i * 1000),
    finishedAt: i % 3 === 1 ? null : new Date(t0 + i * 1000 + 250),
    lastSeq: 10 + i,
    ...more,
  };
}

function nodeRun(executionId: string, nodeId: string, i: number): NodeRunRecord {
  return {
    executionId,
    nodeId,
    nodeType: 'transform',
    attempt: 1,
    status: 'succeeded',
    inputs: { in: { price: 100 + i } },
    outputs: { out: { side: 'sell', price: 100 + i } },
    error: null,
    wait: null,
    startedAt: new Date(t0 + i),
    finishedAt: new Date(t0 + i + 2),
    durationMs: 1.5,
  };
}

describe.each(databaseBackends)('checkpoint store on $name', ({ open }) => {
  let database: Database;
  let store: CheckpointStore;
  beforeAll(async () => {
    database = await open();
    await database.db
      .insert(workflows)
      .values({ id: 'wf', name: 'wf', version: 2, definition: {} as never });
    store = createDbCheckpointStore(database.db, database.checkpoints);
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each([
    ['a few executions (VALUES form)', 3, 2],
    ['16 executions (VALUES form)', 16, 2],
    ['17 executions (JSON form)', 17, 2],
    ['executions, some without node runs (JSON form)', 4, 1],
  ])('reads back a batch of %s as it was recorded', async (_name, size, withRuns) => {
    const prefix = `ex_${size}_${withRuns}_`;
    const records = Array.from({ length: size }, (_, i) => execution(`${prefix}${i}`, i));
    // The first `withRuns` executions… every one, or (withRuns 1) all but the last.
    const ran = withRuns === 2 ? records : records.slice(0, -1);
    const runs = ran.flatMap((r, i) => [nodeRun(r.id, 'hook', i), nodeRun(r.id, 'quote', i)]);
    await store.write({ executions: records, nodeRuns: runs });
    for (const [i, record] of records.entries()) {
      const loaded = await store.load(record.id);
      expect(loaded?.execution).toEqual(record);
      expect(loaded?.nodeRuns).toEqual(runs.slice(2 * i, 2 * i + 2));
    }
  });

  it('stores text Postgres refuses (NUL, lone surrogates) as U+FFFD, in both forms', async () => {
    for (const size of [1, 20]) {
      const records = Array.from({ length: size }, (_, i) =>
        execution(`ex_nul_${size}_${i}`, i, {
          input: { text: 'a\u0000b' },
          output: { text: 'a\u0000b\ud800c' },
          owner: 'rt\u0000x',
        }),
      );
      await store.write({
        executions: records,
        nodeRuns: records.map((r, i) => ({
          ...nodeRun(r.id, 'hook', i),
          outputs: { out: 'n\u0000' },
        })),
      });
      const loaded = await store.load(records[0]!.id);
      expect(loaded?.execution).toMatchObject({
        input: { text: 'a\ufffdb' },
        output: { text: 'a\ufffdb\ufffdc' },
        owner: 'rt\ufffdx',
      });
      expect(loaded?.nodeRuns[0]?.outputs).toEqual({ out: 'n\ufffd' });
    }
  });

  it.each([1, 20])(
    'updates executions written before, keeping the highest event seq (batches of %i)',
    async (size) => {
      const first = Array.from({ length: size }, (_, i) =>
        execution(`ex_again_${size}_${i}`, i, { status: 'running', finishedAt: null, lastSeq: 20 }),
      );
      await store.write({ executions: first, nodeRuns: [] });
      const later = first.map((r) => ({
        ...r,
        status: 'failed' as const,
        output: { done: true },
        lastSeq: 7,
        finishedAt: new Date(t0 + 9_000),
      }));
      await store.write({ executions: later, nodeRuns: [] });
      const loaded = await store.load(first[0]!.id);
      expect(loaded?.execution).toEqual({ ...later[0], lastSeq: 20 });
    },
  );
});

// Only Postgres has a connection to lose (PGlite runs in this process).
describe.runIf(process.env.DATABASE_URL)(
  'checkpoint store on postgres, its connection lost',
  () => {
    let database: Database;
    beforeAll(async () => {
      database = await databaseBackends.find((b) => b.name === 'postgres')!.open();
    });
    afterAll(async () => {
      await database?.close();
    });

    it('has time limits, so that a batch stuck behind a lock cannot hold up the others for long', async () => {
      const rows = (await database.checkpoints({
        text: "select current_setting('lock_timeout') as lock, current_setting('statement_timeout') as statement, current_setting('application_name') as name",
        params: [],
      })) as unknown as { lock: string; statement: string; name: string }[];
      expect([...rows]).toEqual([{ lock: '10s', statement: '30s', name: CHECKPOINT_CONNECTION }]);
    });

    it('writes again once the connection is back, on a connection of its own', async () => {
      const store = createDbCheckpointStore(database.db, database.checkpoints);
      await store.write({ executions: [execution('ex_before', 1)], nodeRuns: [] });
      const killed = (await database.db.execute(sql`
      select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = current_database() and application_name = ${CHECKPOINT_CONNECTION}`)) as unknown as {
        killed: boolean;
      }[];
      expect(killed).toEqual([{ killed: true }]);
      // The writer tries a failed batch again (checkpoint-writer.test.ts): here, a few times.
      let error: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await store.write({ executions: [execution('ex_after', 2)], nodeRuns: [] });
          error = undefined;
          break;
        } catch (err) {
          error = err;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(error).toBeUndefined();
      expect((await store.load('ex_after'))?.execution.lastSeq).toBe(12);
    });
  },
);

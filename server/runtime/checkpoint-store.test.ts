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
    input: { body: { price: 100 + i, note: `line ${i}\nquote "x"` } },
    output: i % 3 === 0 ? null : { side: 'sell', price: 100 + i },
    error: i % 4 === 1 ? { code: 'NODE_FAILED', message: `failed ${i}`, nodeId: 'fetch' } : null,
    rerunOf: i % 5 === 2 ? 'ex_earlier' : null,
    nodesSucceeded: i,
    nodesFailed: i % 2,
    owner: i % 2 ? 'rt_owner' : null,
    startedAt: new Date(t0 + i * 1000),
    finishedAt: i % 6 === 5 ? null : new Date(t0 + i * 1000 + 250),
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
    ['a few executions (VALUES form)', 3],
    ['many executions (JSON form)', 40],
  ])('reads back a batch of %s as it was recorded', async (_name, size) => {
    const prefix = `ex_${size}_`;
    const records = Array.from({ length: size }, (_, i) => execution(`${prefix}${i}`, i));
    const runs = records.flatMap((r, i) => [nodeRun(r.id, 'hook', i), nodeRun(r.id, 'quote', i)]);
    await store.write({ executions: records, nodeRuns: runs });
    for (const [i, record] of records.entries()) {
      const loaded = await store.load(record.id);
      expect(loaded?.execution).toEqual(record);
      expect(loaded?.nodeRuns).toEqual([runs[2 * i], runs[2 * i + 1]]);
    }
  });

  it('stores text Postgres refuses in JSON (NUL, lone surrogates) as U+FFFD, in both forms', async () => {
    for (const size of [1, 20]) {
      const records = Array.from({ length: size }, (_, i) =>
        execution(`ex_nul_${size}_${i}`, i, { output: { text: 'a\u0000b\ud800c' } }),
      );
      await store.write({ executions: records, nodeRuns: [] });
      const loaded = await store.load(records[0]!.id);
      expect(loaded?.execution.output).toEqual({ text: 'a\ufffdb\ufffdc' });
    }
  });

  it('updates an execution written before, keeping the highest event seq', async () => {
    const first = execution('ex_again', 1, { status: 'running', finishedAt: null, lastSeq: 20 });
    await store.write({ executions: [first], nodeRuns: [] });
    const later = {
      ...first,
      status: 'failed' as const,
      lastSeq: 7,
      finishedAt: new Date(t0 + 9_000),
    };
    await store.write({ executions: [later], nodeRuns: [] });
    const loaded = await store.load('ex_again');
    expect(loaded?.execution).toEqual({ ...later, lastSeq: 20 });
  });
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

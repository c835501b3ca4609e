import { describe, expect, it } from 'vitest';
import { logger } from '../logger';
import {
  createCheckpointWriter,
  type CheckpointStore,
  type ExecutionRecord,
  type NodeRunRecord,
} from './checkpoint';
import { testExecutionRecord } from '../testing/records';

const silent = logger.child({}, { level: 'silent' });

const execution = (id: string, lastSeq: number): ExecutionRecord =>
  testExecutionRecord(id, { status: 'running', owner: 'test', startedAt: new Date(), lastSeq });

function run(executionId: string, nodeId: string): NodeRunRecord {
  return {
    executionId,
    nodeId,
    nodeType: 'log',
    attempt: 1,
    status: 'succeeded',
    inputs: null,
    outputs: {},
    error: null,
    wait: null,
    startedAt: new Date(),
    finishedAt: new Date(),
    durationMs: 1,
  };
}

/** A store whose writes finish when the test says so, recording what each batch held. */
function controlledStore() {
  const batches: {
    executions: ExecutionRecord[];
    nodeRuns: NodeRunRecord[];
    done: (err?: Error) => void;
  }[] = [];
  const store: CheckpointStore = {
    write: (batch) =>
      new Promise<void>((resolve, reject) =>
        batches.push({ ...batch, done: (err) => (err ? reject(err) : resolve()) }),
      ),
    load: async () => null,
  };
  return { store, batches };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('checkpoint writer', () => {
  it('writes several executions in one batch and resolves flush once that batch is durable', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0 });
    writer.execution(execution('a', 1));
    writer.nodeRun(run('a', 'n1'));
    writer.execution(execution('b', 1));
    let flushed = false;
    void writer.flush('a').then(() => (flushed = true));
    await tick();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.executions.map((e) => e.id)).toEqual(['a', 'b']);
    expect(flushed).toBe(false);
    batches[0]!.done();
    await tick();
    expect(flushed).toBe(true);
  });

  it('never puts one execution in two batches at once, so its rows are written in order', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0, maxInFlight: 4 });
    writer.execution(execution('a', 1));
    await tick();
    writer.execution(execution('a', 2));
    for (let i = 0; i < 16; i++) writer.execution(execution(`b${i}`, 1));
    await tick();
    // a@2 waits for a@1; the 16 others go in a second batch beside it.
    const held = (b: (typeof batches)[number]) =>
      b.executions.filter((e) => e.id === 'a').map((e) => `a@${e.lastSeq}`);
    expect(batches).toHaveLength(2);
    expect(batches.map(held)).toEqual([['a@1'], []]);
    expect(batches[1]!.executions).toHaveLength(16);
    batches[0]!.done();
    batches[1]!.done();
    await tick();
    await tick();
    expect(batches.map(held)).toEqual([['a@1'], [], ['a@2']]);
  });

  it('holds ready executions back until they are as many as the batch in flight, then sends them behind it', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0, maxInFlight: 4 });
    const ids = (b: (typeof batches)[number]) => b.executions.map((e) => e.id);
    for (const id of ['a1', 'a2', 'a3']) writer.execution(execution(id, 1));
    await tick();
    let flushed = false;
    for (const id of ['b1', 'b2']) writer.execution(execution(id, 1));
    void writer.flush('b1').then(() => (flushed = true));
    await tick();
    // Two ready, three in flight: they wait for a third.
    expect(batches.map(ids)).toEqual([['a1', 'a2', 'a3']]);
    writer.execution(execution('b3', 1));
    await tick();
    // Now as many: sent while the first batch is being written (pipelined behind it).
    expect(batches.map(ids)).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
    ]);
    // Written in order, as on one connection: b1 is durable only once its own batch is.
    batches[0]!.done();
    await tick();
    expect(flushed).toBe(false);
    batches[1]!.done();
    await tick();
    expect(flushed).toBe(true);
    // Beside a batch of one, a single ready execution still waits: at least two go together.
    writer.execution(execution('c1', 1));
    await tick();
    writer.execution(execution('d1', 1));
    await tick();
    expect(batches.slice(2).map(ids)).toEqual([['c1']]);
    batches[2]!.done();
    await tick();
    await tick();
    expect(batches.slice(2).map(ids)).toEqual([['c1'], ['d1']]);
    batches[3]!.done();
    await writer.flush();
  });

  it('when a batch fails, a batch pipelined behind it still counts, and the failed one is written again', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0, maxInFlight: 4 });
    for (const id of ['a1', 'a2']) writer.execution(execution(id, 1));
    const first = writer.flush('a1');
    await tick();
    for (const id of ['b1', 'b2']) writer.execution(execution(id, 1));
    const second = writer.flush('b1');
    await tick();
    expect(batches).toHaveLength(2);
    batches[0]!.done(new Error('deadlock detected'));
    batches[1]!.done();
    await expect(first).rejects.toThrow('could not record the checkpoint: deadlock detected');
    await expect(second).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 150));
    expect(batches.slice(2).map((b) => b.executions.map((e) => e.id))).toEqual([['a1', 'a2']]);
    batches[2]!.done();
    await writer.flush();
    expect(writer.pending()).toBe(0);
  });

  it('splits many ready executions into batches of 16 or more, written at once', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0, maxInFlight: 4 });
    for (let i = 0; i < 50; i++) writer.execution(execution(`e${i}`, 1));
    await tick();
    // 50 ready, 4 batches allowed in flight: three of 16 or more.
    expect(batches.map((b) => b.executions.length)).toEqual([17, 17, 16]);
    expect(new Set(batches.flatMap((b) => b.executions.map((e) => e.id))).size).toBe(50);
    for (const b of batches) b.done();
    await writer.flush();
    // Few ready: one batch.
    for (let i = 0; i < 10; i++) writer.execution(execution(`f${i}`, 1));
    await tick();
    expect(batches.slice(3).map((b) => b.executions.length)).toEqual([10]);
    batches[3]!.done();
    await writer.flush();
  });

  it('fails the waiting flush when a write fails, and writes the records again', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0 });
    writer.execution(execution('a', 1));
    const flushed = writer.flush('a');
    await tick();
    batches[0]!.done(new Error('disk full'));
    await expect(flushed).rejects.toThrow('could not record the checkpoint: disk full');
    await new Promise((r) => setTimeout(r, 150));
    expect(batches).toHaveLength(2);
    expect(batches[1]!.executions.map((e) => e.id)).toEqual(['a']);
    batches[1]!.done();
    await writer.flush('a');
  });

  it('keeps the latest state of each node attempt in a batch, with few node runs or many', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0 });
    for (const count of [3, 40]) {
      const id = `x${count}`;
      writer.execution(execution(id, 1));
      for (let i = 0; i < count; i++)
        writer.nodeRun({ ...run(id, `n${i}`), status: 'running', outputs: null });
      for (let i = 0; i < count; i++) writer.nodeRun(run(id, `n${i}`));
      writer.nodeRun({ ...run(id, 'n0'), attempt: 2, status: 'failed' });
    }
    const flushed = writer.flush();
    await tick();
    expect(batches).toHaveLength(1);
    for (const count of [3, 40]) {
      const runs = batches[0]!.nodeRuns.filter((r) => r.executionId === `x${count}`);
      expect(runs.map((r) => `${r.nodeId}#${r.attempt}:${r.status}`)).toEqual([
        ...Array.from({ length: count }, (_, i) => `n${i}#1:succeeded`),
        'n0#2:failed',
      ]);
    }
    batches[0]!.done();
    await flushed;
    expect(writer.pending()).toBe(0);
  });

  it('after a failed write, a newer record of the same node attempt wins over the one put back', async () => {
    const { store, batches } = controlledStore();
    const writer = createCheckpointWriter(store, { log: silent, maxDelayMs: 0 });
    writer.execution(execution('a', 1));
    writer.nodeRun({ ...run('a', 'n1'), status: 'running', outputs: null });
    const flushed = writer.flush('a');
    await tick();
    writer.nodeRun(run('a', 'n1'));
    writer.execution(execution('a', 2));
    batches[0]!.done(new Error('connection reset'));
    await expect(flushed).rejects.toThrow('connection reset');
    await new Promise((r) => setTimeout(r, 150));
    expect(batches).toHaveLength(2);
    expect(batches[1]!.executions.map((e) => e.lastSeq)).toEqual([2]);
    expect(batches[1]!.nodeRuns.map((r) => r.status)).toEqual(['succeeded']);
    batches[1]!.done();
    await writer.flush('a');
    expect(writer.pending()).toBe(0);
  });
});

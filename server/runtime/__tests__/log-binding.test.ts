/**
 * The process log (pino JSON lines) binds each line about an execution to its executionId and
 * workflowId, and each line from inside a node to its nodeId too (issue 4).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { testExecutionRecord } from '../../testing/records';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { createCheckpointWriter, type CheckpointStore } from '../checkpoint';

type Line = Record<string, unknown> & { level: number; msg: string };

/** A debug-level pino logger writing its JSON lines to memory. */
function capturingLogger() {
  const lines: Line[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe.each(databaseBackends)('log lines of an execution on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  const { log, lines } = capturingLogger();

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database, { log });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('binds every line about the execution to its ids, and lines of a node to its nodeId', async () => {
    const retry = { maxAttempts: 2, backoffMs: 1, factor: 1, maxBackoffMs: 1 };
    const wf = await t.save({
      nodes: [
        node('go', 'manual-trigger'),
        node('say', 'log', { message: 'price seen', level: 'debug' }),
        node('boom', 'test-flaky', { failures: 5 }, { retry }),
      ],
      edges: [edge('go', 'say'), edge('say', 'boom')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id, input: { price: 101 } });
    await t.until(executionId, ['failed']);

    // Every line naming the execution anywhere (a field, the message) carries both ids as fields.
    const about = lines.filter((l) => JSON.stringify(l).includes(executionId));
    for (const line of about)
      expect(line, line.msg).toMatchObject({ executionId, workflowId: wf.id });
    const msgs = about.map((l) => l.msg);
    expect(msgs).toEqual(
      expect.arrayContaining([
        'execution started',
        'price seen',
        'node attempt failed; retrying',
        'node failed: flaky failure 2',
        'execution finished',
      ]),
    );

    // From inside a node: what the node logs, and its retries and failure.
    const ofNode = (msg: string) => about.find((l) => l.msg === msg);
    expect(ofNode('price seen')).toMatchObject({ nodeId: 'say', value: { price: 101 } });
    expect(ofNode('node attempt failed; retrying')).toMatchObject({ nodeId: 'boom', attempt: 1 });
    expect(ofNode('node failed: flaky failure 2')).toMatchObject({ nodeId: 'boom', attempt: 2 });
    // Lines of the execution as a whole name no node.
    expect(ofNode('execution started')).not.toHaveProperty('nodeId');
    expect(ofNode('execution finished')).toMatchObject({ status: 'failed' });
  });
});

describe('checkpoint writer log lines', () => {
  it('names the executions of a failed batch, the first 20, and counts them all', async () => {
    const { log, lines } = capturingLogger();
    let failures = 1;
    const store: CheckpointStore = {
      write: async () => {
        if (failures-- > 0) throw new Error('disk full');
      },
      load: async () => null,
    };
    const writer = createCheckpointWriter(store, { log, maxDelayMs: 0, maxInFlight: 1 });
    const ids = Array.from({ length: 25 }, (_, i) => `ex_${i}`);
    for (const id of ids)
      writer.execution(
        testExecutionRecord(id, { status: 'running', owner: 'test', startedAt: new Date() }),
      );
    await expect(writer.flush()).rejects.toThrow('disk full');
    const failed = lines.find((l) => l.msg === 'checkpoint write failed');
    expect(failed).toMatchObject({ executions: 25, executionIds: ids.slice(0, 20) });
    // The records are written again (the next batch succeeds): nothing is left pending.
    await writer.flush();
    expect(writer.pending()).toBe(0);
  });
});

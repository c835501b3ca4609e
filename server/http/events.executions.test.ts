/**
 * `/api/events?scope=executions`: the history list's live feed, against the real runtime and
 * /api handlers. Execution-level events of every workflow (or of one), never node events.
 */
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { databaseBackends } from '../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../testing/runtime';

type Frame = { type: string; id: string; data: { executionId: string; workflowId: string } };
const frameTypes = [
  'snapshot',
  'execution_started',
  'execution_completed',
  'execution_failed',
  'execution_cancelled',
  'node_started',
  'node_completed',
  'node_failed',
];

function watch(url: string) {
  const frames: Frame[] = [];
  const es = new EventSource(url);
  const opened = new Promise((resolve) => es.addEventListener('open', resolve, { once: true }));
  for (const type of frameTypes)
    es.addEventListener(type, (e) =>
      frames.push({ type, id: e.lastEventId, data: JSON.parse(e.data as string) as never }),
    );
  return { es, frames, opened };
}

describe.each(databaseBackends)('/api/events?scope=executions on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  let api: { base: string; close(): Promise<void> };

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
    api = await t.serve();
  });
  afterAll(async () => {
    await api?.close();
    await t?.close();
    await database?.close();
  });

  it('streams execution events of several workflows, and no node events', async () => {
    const ok = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('v', 'test-source')],
      edges: [edge('trigger', 'v')],
    });
    const bad = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('boom', 'test-flaky', { failures: 9, fatal: true }),
      ],
      edges: [edge('trigger', 'boom')],
    });
    const all = watch(`${api.base}/api/events?scope=executions`);
    const onlyBad = watch(`${api.base}/api/events?scope=executions&workflowId=${bad.id}`);
    try {
      await Promise.all([all.opened, onlyBad.opened]);
      const a = await t.api.runtime.run({ workflowId: ok.id });
      const b = await t.api.runtime.run({ workflowId: bad.id });
      await t.until(a.executionId, ['succeeded']);
      await t.until(b.executionId, ['failed']);
      // Over Redis the feed is the whole deployment's: other test files' runs show up too.
      const ours = new Set([a.executionId, b.executionId]);
      const seen = (frames: Frame[]) =>
        frames
          .filter((f) => ours.has(f.data.executionId))
          .map((f) => `${f.type}:${f.data.executionId}`);
      await t.waitFor(() => seen(all.frames).length >= 4 && seen(onlyBad.frames).length >= 2);
      await new Promise((r) => setTimeout(r, 100)); // anything else would have arrived by now

      expect(seen(all.frames).sort()).toEqual(
        [
          `execution_started:${a.executionId}`,
          `execution_completed:${a.executionId}`,
          `execution_started:${b.executionId}`,
          `execution_failed:${b.executionId}`,
        ].sort(),
      );
      expect(seen(onlyBad.frames)).toEqual([
        `execution_started:${b.executionId}`,
        `execution_failed:${b.executionId}`,
      ]);
      expect(all.frames.every((f) => f.type.startsWith('execution_'))).toBe(true);
      expect(onlyBad.frames.every((f) => f.data.workflowId === bad.id)).toBe(true);
      expect(all.frames.find((f) => f.data.executionId === a.executionId)!.id).toBe(
        `${a.executionId}:1`,
      );
    } finally {
      all.es.close();
      onlyBad.es.close();
    }
  });

  it('refuses a scope with an executionId, or an unknown scope, naming the parameter', async () => {
    const both = await fetch(`${api.base}/api/events?scope=executions&executionId=ex_1`);
    expect(both.status).toBe(400);
    expect(await both.json()).toEqual({
      error: expect.stringContaining('executionId: scope=executions takes workflowId or nothing'),
    });
    const unknown = await fetch(`${api.base}/api/events?scope=nodes`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^scope:/);
  });
});

/**
 * /api/events against the real runtime: a workflow run through `runtime.run`, watched by
 * EventSource clients, shows every node start and finish in order, after a snapshot taken
 * mid-run. PGlite (and Postgres when DATABASE_URL is set); the bus is Redis when REDIS_URL is.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeEventSchema } from '@/lib/events';
import type { Database } from '../db/client';
import { databaseBackends } from '../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../testing/runtime';
import { createMemoryEventBus } from '../runtime/event-bus/memory';
import { handleEvents } from './events';

const eventTypes = ['snapshot', ...runtimeEventSchema.options.map((o) => o.shape.type.value)];
type Frame = { type: string; id: string; data: { seq: number; nodeId?: string; status?: string } };

function watch(url: string) {
  const frames: Frame[] = [];
  const es = new EventSource(url);
  const opened = new Promise((resolve) => es.addEventListener('open', resolve, { once: true }));
  for (const type of eventTypes)
    es.addEventListener(type, (e) =>
      frames.push({ type, id: e.lastEventId, data: JSON.parse(e.data as string) as never }),
    );
  return { es, frames, opened };
}

/**
 * For one describe block: a runtime on a fresh database, and /api/events over its bus and
 * snapshots on a port of its own; `got` receives the runtime and the endpoint's URL.
 */
function servingEvents(
  open: () => Promise<Database>,
  options: Parameters<typeof startTestRuntime>[1],
  got: (t: TestRuntime, base: string) => void,
) {
  let database: Database | undefined;
  let t: TestRuntime | undefined;
  let server: Server | undefined;
  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database, options);
    const deps = { bus: t.bus, snapshots: t.runtime.snapshots };
    server = createServer((req, res) => void handleEvents(req, res, deps));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    got(t, `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`);
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    await database?.close();
  });
}

describe.each(databaseBackends)('/api/events with the runtime on $name', ({ open }) => {
  let t: TestRuntime;
  let base: string;
  servingEvents(open, {}, (...got) => ([t, base] = got));

  it('shows a run mid-way: a snapshot, then every node start and finish in order', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('first', 'test-slow', { ms: 20 }),
        node('wait', 'test-slow', { ms: 400 }),
        node('last', 'log'),
      ],
      edges: [edge('trigger', 'first'), edge('first', 'wait'), edge('wait', 'last')],
    });
    const byWorkflow = watch(`${base}?workflowId=${wf.id}`);
    await byWorkflow.opened;
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id, input: {} });
    await t.waitFor(() =>
      byWorkflow.frames.some((f) => f.type === 'node_started' && f.data.nodeId === 'wait'),
    );
    const byExecution = watch(`${base}?executionId=${executionId}`);
    try {
      await t.until(executionId, ['succeeded', 'failed']);
      for (const c of [byExecution, byWorkflow])
        await t.waitFor(() => c.frames.some((f) => f.type === 'execution_completed'));

      const [snapshot, ...live] = byExecution.frames;
      expect(snapshot).toMatchObject({ type: 'snapshot', data: { status: 'running' } });
      expect(snapshot!.data).toMatchObject({ nodes: { first: { status: 'succeeded' } } });
      const seqs = live.map((f) => f.data.seq);
      expect(seqs[0]).toBe(snapshot!.data.seq + 1);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      expect(live.map((f) => f.id)).toEqual(seqs.map(String));

      const all = byWorkflow.frames.map((f) =>
        f.data.nodeId ? `${f.type}:${f.data.nodeId}` : f.type,
      );
      expect(all.filter((s) => /^(node_started|node_completed)/.test(s))).toEqual([
        'node_started:trigger',
        'node_completed:trigger',
        'node_started:first',
        'node_completed:first',
        'node_started:wait',
        'node_completed:wait',
        'node_started:last',
        'node_completed:last',
      ]);
      expect(all[0]).toBe('execution_started');
      expect(all.at(-1)).toBe('execution_completed');
      expect(byWorkflow.frames.map((f) => f.id)).toEqual(
        byWorkflow.frames.map((f) => `${executionId}:${f.data.seq}`),
      );
    } finally {
      byExecution.es.close();
      byWorkflow.es.close();
    }
  });
});

describe('/api/events: a client back with its Last-Event-ID, on the memory bus', () => {
  let t: TestRuntime;
  let base: string;
  // The memory bus whatever REDIS_URL says: it is the one that keeps only watched executions.
  servingEvents(databaseBackends[0]!.open, { bus: createMemoryEventBus() }, (...got) => {
    [t, base] = got;
  });

  for (const scope of ['execution', 'workflow'] as const)
    it(`gets what happened while it was away, though its ${scope} stream carried only the snapshot`, async () => {
      const wf = await t.save({
        nodes: [
          node('start', 'manual-trigger'),
          node('gate', 'test-approval', { timeoutMs: 60_000 }),
          node('after', 'log'),
        ],
        edges: [edge('start', 'gate'), edge('gate', 'after', 'approved')],
      });
      const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
      await t.until(executionId, ['waiting']);
      const approval = await t.waitFor(
        async () => (await t.runtime.approvals.find(executionId, 'gate')) ?? undefined,
      );
      const query = scope === 'execution' ? `executionId=${executionId}` : `workflowId=${wf.id}`;
      const first = watch(`${base}?${query}`);
      await t.waitFor(() => first.frames.length > 0);
      const lastId = first.frames.at(-1)!.id;
      first.es.close(); // the stream drops (a proxy, the recycle, the network)
      await t.waitFor(() => t.bus.stats().subscribers === 0);
      await t.api.runtime.approve({ approvalId: approval.id });
      await t.until(executionId, ['succeeded']);
      const again = watch(`${base}?${query}&lastEventId=${encodeURIComponent(lastId)}`);
      try {
        await t.waitFor(() => again.frames.some((f) => f.type === 'execution_completed'), 5_000);
        expect(again.frames.map((f) => f.type)).toContain('approval_resolved');
      } finally {
        again.es.close();
      }
    });
});

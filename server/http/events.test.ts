import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { nanoid } from 'nanoid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyToSnapshot,
  runtimeEventSchema,
  type ExecutionSnapshot,
  type RuntimeEvent,
} from '@/lib/events';
import type { EventBus } from '../runtime/event-bus/event-bus';
import type { SseOptions } from '../runtime/event-bus/sse';
import { eventBusBackends, testEvent, type BusWorld } from '../testing/event-buses';
import { handleEvents } from './events';

const eventTypes = runtimeEventSchema.options.map((o) => o.shape.type.value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function until(check: () => boolean, ms = 5_000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not met in time`);
    await sleep(5);
  }
}

/** A realistic event stream: started, then node_started / node_completed pairs. */
function eventAt(executionId: string, workflowId: string, seq: number): RuntimeEvent {
  if (seq === 1)
    return testEvent(executionId, workflowId, 1, {
      type: 'execution_started',
      trigger: 'manual',
      workflowVersion: 1,
    } as never);
  const nodeId = `n${Math.floor(seq / 2)}`;
  if (seq % 2 === 0) return testEvent(executionId, workflowId, seq, { nodeId });
  return testEvent(executionId, workflowId, seq, {
    type: 'node_completed',
    nodeId,
    durationMs: 1,
    ports: ['out'],
  } as never);
}

/**
 * Stands in for the executor and its database: publishes events and answers snapshots by
 * folding them, `lag` events behind (the record trails the bus, as group commit does).
 */
function fakeRuntime(bus: EventBus) {
  const byExecution = new Map<string, RuntimeEvent[]>();
  const state = { lag: 0 };
  const fold = (events: RuntimeEvent[]) =>
    events.slice(0, Math.max(0, events.length - state.lag)).reduce(applyToSnapshot, {
      type: 'snapshot',
      executionId: events[0]!.executionId,
      workflowId: events[0]!.workflowId,
      seq: 0,
      status: 'queued',
      nodes: {},
    } satisfies ExecutionSnapshot as ExecutionSnapshot);
  return {
    state,
    publish(event: RuntimeEvent) {
      const list = byExecution.get(event.executionId) ?? [];
      list.push(event);
      byExecution.set(event.executionId, list);
      bus.publish(event);
    },
    snapshots: async (filter: Parameters<SseOptions['snapshots']>[0]) => {
      if ('executionId' in filter) {
        const events = byExecution.get(filter.executionId);
        return events ? [fold(events)] : [];
      }
      return [...byExecution.values()]
        .filter((events) => events[0]!.workflowId === filter.workflowId)
        .map(fold)
        .filter((s) => !['succeeded', 'failed', 'cancelled'].includes(s.status));
    },
  };
}

type Received = { type: string; id: string; data: { seq: number; executionId: string } };

function client(url: string, headers: Record<string, string> = {}) {
  const received: Received[] = [];
  const es = new EventSource(url, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...headers, ...init.headers } }),
  });
  for (const type of ['snapshot', ...eventTypes])
    es.addEventListener(type, (e) =>
      received.push({ type, id: e.lastEventId, data: JSON.parse(e.data as string) as never }),
    );
  let opens = 0;
  es.addEventListener('open', () => void opens++);
  const events = () => received.filter((r) => r.type !== 'snapshot');
  return { es, received, events, seqs: () => events().map((r) => r.data.seq), opens: () => opens };
}

describe.each(eventBusBackends)('GET /api/events on the $name bus', ({ world: newWorld }) => {
  let world: BusWorld;
  let bus: EventBus;
  let runtime: ReturnType<typeof fakeRuntime>;
  let server: Server;
  let base: string;
  const clients: EventSource[] = [];
  const open = (query: string, headers?: Record<string, string>) => {
    const c = client(`${base}/api/events?${query}`, headers);
    clients.push(c.es);
    return c;
  };

  async function serve(deps: Partial<SseOptions> | null) {
    server = createServer((req, res) => void handleEvents(req, res, deps));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeEach(async () => {
    world = newWorld();
    bus = world.open({ queueLimit: 200 });
    runtime = fakeRuntime(bus);
    await serve({ bus, snapshots: runtime.snapshots, heartbeatMs: 100, retryMs: 50 });
  });
  afterEach(async () => {
    for (const es of clients.splice(0)) es.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await world.cleanup();
  });

  it('sends the snapshot first, then every live event in order', async () => {
    const x = nanoid();
    runtime.state.lag = 2;
    // Someone watches the workflow (a canvas): its events are retained from the start.
    const canvas = bus.subscribe({ workflowId: 'wf' });
    await canvas.ready;
    for (let seq = 1; seq <= 5; seq++) runtime.publish(eventAt(x, 'wf', seq));
    await bus.flush();
    const c = open(`executionId=${x}`);
    await until(() => c.received.length >= 3, 5_000, 'snapshot and backlog');
    const [snapshot] = c.received;
    // The record is 2 events behind: the snapshot stops at 3, the backlog brings 4 and 5.
    expect(snapshot).toMatchObject({ type: 'snapshot', id: '3', data: { seq: 3 } });
    expect(snapshot!.data).toMatchObject({
      status: 'running',
      nodes: { n1: { status: 'succeeded' } },
    });
    for (let seq = 6; seq <= 200; seq++) runtime.publish(eventAt(x, 'wf', seq));
    await until(() => c.events().length === 197, 5_000, 'live events');
    expect(c.seqs()).toEqual(range(4, 200));
    expect(c.events().map((r) => r.id)).toEqual(range(4, 200).map(String));
    expect(c.events()[2]).toMatchObject({ type: 'node_started', data: { nodeId: 'n3' } });
    expect(c.received.filter((r) => r.type === 'snapshot')).toHaveLength(1);
  });

  it('resumes from Last-Event-ID with no gap and no duplicate while publishing goes on', async () => {
    const x = nanoid();
    const last = 1_500;
    let published = 0;
    const publishing = (async () => {
      while (published < last) {
        for (let i = 0; i < 10; i++) runtime.publish(eventAt(x, 'wf', ++published));
        await sleep(1);
      }
    })();
    const first = open(`executionId=${x}`);
    await until(() => first.events().length >= 100, 5_000, 'first client');
    first.es.close();
    const lastId = first.received.at(-1)!.id;
    const byHeader = open(`executionId=${x}`, { 'Last-Event-ID': lastId });
    const byQuery = open(`executionId=${x}&lastEventId=${lastId}`);
    // And one that the server drops mid-stream: EventSource reconnects on its own.
    const dropped = open(`executionId=${x}`);
    await until(() => dropped.events().length >= 50, 5_000, 'client to drop');
    server.closeAllConnections();
    await publishing;
    for (const c of [byHeader, byQuery, dropped])
      await until(() => c.received.at(-1)?.data.seq === last, 10_000, 'resumed clients');
    const after = Number(lastId);
    expect(byHeader.received.map((r) => r.data.seq)).toEqual(range(after + 1, last));
    expect(byQuery.received.map((r) => r.data.seq)).toEqual(range(after + 1, last));
    expect(byHeader.received.every((r) => r.type !== 'snapshot')).toBe(true);
    const [snapshot, ...rest] = dropped.received;
    expect(snapshot!.type).toBe('snapshot');
    expect(rest.map((r) => r.data.seq)).toEqual(range(snapshot!.data.seq + 1, last));
  });

  it('recycles a stream after maxStreamMs; the client reconnects on its own and misses nothing', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await serve({ bus, snapshots: runtime.snapshots, retryMs: 20, maxStreamMs: 150 });
    const x = nanoid();
    const c = open(`executionId=${x}`);
    const last = 60;
    for (let seq = 1; seq <= last; seq++) {
      runtime.publish(eventAt(x, 'wf', seq));
      await sleep(10); // 600 ms of events: the stream is recycled three times or more
    }
    await until(() => c.received.at(-1)?.data.seq === last, 10_000, 'every event');
    const seqs = c.received.filter((r) => r.type !== 'snapshot').map((r) => r.data.seq);
    // Each event once (Last-Event-ID on every reconnect), in order, none lost.
    expect(seqs).toEqual(range(seqs[0]!, last));
    expect(c.opens()).toBeGreaterThanOrEqual(3);
  });

  it('sends a snapshot instead when the backlog no longer covers Last-Event-ID', async () => {
    const x = nanoid();
    for (let seq = 1; seq <= 5; seq++) runtime.publish(eventAt(x, 'wf', seq));
    await bus.flush();
    const c = open(`executionId=${x}`, { 'Last-Event-ID': '999' });
    await until(() => c.received.length >= 1);
    expect(c.received[0]).toMatchObject({ type: 'snapshot', id: '5' });
  });

  it('streams a workflow: a snapshot per unfinished execution, then ids executionId:seq', async () => {
    const wf = nanoid();
    const [x1, x2, done] = ['x1', 'x2', 'x3'].map((x) => `${x}-${nanoid(6)}`) as [
      string,
      string,
      string,
    ];
    for (let seq = 1; seq <= 4; seq++) runtime.publish(eventAt(x1, wf, seq));
    for (let seq = 1; seq <= 2; seq++) runtime.publish(eventAt(x2, wf, seq));
    runtime.publish(eventAt(done, wf, 1));
    runtime.publish(
      testEvent(done, wf, 2, { type: 'execution_completed', durationMs: 3 } as never),
    );
    runtime.publish(eventAt('elsewhere', `${wf}-other`, 1));
    await bus.flush();
    const c = open(`workflowId=${wf}`);
    await until(() => c.received.length === 2, 5_000, 'snapshots');
    expect(c.received.map((r) => `${r.type} ${r.id}`).sort()).toEqual([
      `snapshot ${x1}:4`,
      `snapshot ${x2}:2`,
    ]);
    const x4 = `x4-${nanoid(6)}`;
    for (let seq = 5; seq <= 8; seq++) runtime.publish(eventAt(x1, wf, seq));
    for (let seq = 1; seq <= 3; seq++) runtime.publish(eventAt(x4, wf, seq));
    runtime.publish(eventAt(x2, wf, 3));
    await until(() => c.events().length === 8, 5_000, 'live events');
    const ids = c.events().map((r) => r.id);
    expect(ids.filter((id) => id.startsWith(x1))).toEqual(range(5, 8).map((s) => `${x1}:${s}`));
    expect(ids.filter((id) => id.startsWith(x4))).toEqual(range(1, 3).map((s) => `${x4}:${s}`));
    expect(ids.filter((id) => id.startsWith(x2))).toEqual([`${x2}:3`]);

    // Reconnecting from x1:6 replays x1 after 6 and snapshots the other unfinished ones.
    const again = open(`workflowId=${wf}`, { 'Last-Event-ID': `${x1}:6` });
    await until(() => again.received.length === 4, 5_000, 'resumed workflow stream');
    expect(again.received.filter((r) => r.type !== 'snapshot').map((r) => r.id)).toEqual([
      `${x1}:7`,
      `${x1}:8`,
    ]);
    expect(
      again.received
        .filter((r) => r.type === 'snapshot')
        .map((r) => r.id)
        .sort(),
    ).toEqual([`${x2}:3`, `${x4}:3`].sort());
  });

  it('answers with the SSE headers at once, then the retry hint and heartbeats', async () => {
    const chunks: string[] = [];
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(`${base}/api/events?executionId=quiet`, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => chunks.push(chunk));
    await until(() => chunks.join('').split(': ping\n\n').length >= 3, 2_000, 'two pings');
    expect(chunks.join('')).toMatch(/^retry: 50\n\n(: ping\n\n)+$/);
    res.destroy();
    await until(() => bus.stats().subscribers === 0, 2_000, 'release');
  });

  it('writes a lone event at once and coalesces a burst into one write', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await serve({ bus, snapshots: runtime.snapshots, coalesceMs: 300 });
    const x = nanoid();
    runtime.publish(eventAt(x, 'wf', 1));
    const c = open(`executionId=${x}`);
    await until(() => c.received.length === 1, 5_000, 'snapshot');
    await sleep(350);
    const sent = performance.now();
    runtime.publish(eventAt(x, 'wf', 2));
    await until(() => c.events().length === 1, 5_000, 'lone event');
    expect(performance.now() - sent).toBeLessThan(150);
    for (let seq = 3; seq <= 12; seq++) runtime.publish(eventAt(x, 'wf', seq));
    await until(() => c.events().length === 11, 5_000, 'burst');
    expect(performance.now() - sent).toBeGreaterThanOrEqual(250);
    expect(c.seqs()).toEqual(range(2, 12));
  });

  it('releases the subscription when the client goes away', async () => {
    const x = nanoid();
    runtime.publish(eventAt(x, 'wf', 1));
    const [a, b] = [open(`executionId=${x}`), open(`workflowId=wf`)];
    await until(() => a.received.length === 1 && bus.stats().subscribers === 2);
    a.es.close();
    await until(() => bus.stats().subscribers === 1, 5_000, 'first release');
    b.es.close();
    await until(() => bus.stats().subscribers === 0, 5_000, 'second release');
  });

  it('ends the stream of a client that stops reading instead of buffering for it', async () => {
    const x = nanoid();
    runtime.publish(eventAt(x, 'wf', 1));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    socket.write(`GET /api/events?executionId=${x} HTTP/1.1\r\nHost: t\r\n\r\n`);
    socket.pause();
    await until(() => bus.stats().subscribers === 1);
    const preview = 'x'.repeat(8_000);
    for (let seq = 2; seq <= 3_000; seq++) {
      runtime.publish({ ...eventAt(x, 'wf', seq), preview } as RuntimeEvent);
      if (seq % 100 === 0) await sleep(1);
    }
    await until(() => bus.stats().subscribers === 0, 10_000, 'overflow cut-off');
    socket.destroy();
  });

  it('refuses a bad query with 400 naming the parameter, and says 503 without a bus', async () => {
    const cases: [string, RegExp][] = [
      ['', /executionId: give either executionId or workflowId/],
      ['executionId=a&workflowId=b', /executionId: give either/],
      ['executionId=', /executionId: must be at least 1 character/],
      [`workflowId=${'w'.repeat(201)}`, /workflowId: must be at most 200/],
    ];
    for (const [query, message] of cases) {
      const res = await fetch(`${base}/api/events?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await serve({ log: undefined });
    const res = await fetch(`${base}/api/events?executionId=x`);
    expect(res.status).toBe(503);
  });
});

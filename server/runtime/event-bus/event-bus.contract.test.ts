import { Redis } from 'ioredis';
import { nanoid } from 'nanoid';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import { eventBusBackends, testEvent, type BusWorld } from '../../testing/event-buses';
import { EventBusError, type EventBus, type EventSubscription } from './event-bus';

/** Pulls events until `done` says so, failing after `ms`. */
async function collect(
  sub: EventSubscription,
  done: (events: RuntimeEvent[]) => boolean,
  ms = 5_000,
): Promise<RuntimeEvent[]> {
  const events: RuntimeEvent[] = [];
  const iterator = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + ms;
  while (!done(events)) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out with ${events.length} events`)),
        Math.max(0, left),
      );
    });
    try {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      events.push(next.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return events;
}

const seqs = (events: RuntimeEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Watches workflow `wf` (what the tests publish to), as a client does: events are retained for
 * replay once something watches their execution or its workflow.
 */
async function watch(bus: EventBus, workflowId = 'wf') {
  const watcher = bus.subscribe({ workflowId });
  await watcher.ready;
  return watcher;
}

async function until(check: () => boolean | Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe.each(eventBusBackends)('event bus contract on $name', ({ name, world: newWorld }) => {
  let world: BusWorld;
  let bus: EventBus;
  const open = (options?: Parameters<BusWorld['open']>[0]) => {
    world ??= newWorld();
    return world.open(options);
  };
  const fresh = () => {
    world = newWorld();
    bus = world.open();
  };

  afterEach(async () => {
    await world?.cleanup();
    world = undefined as unknown as BusWorld;
  });

  it('delivers only the subscribed execution', async () => {
    fresh();
    const [x1, x2] = [nanoid(), nanoid()];
    const sub = bus.subscribe({ executionId: x1 });
    await sub.ready;
    for (let seq = 1; seq <= 5; seq++) {
      bus.publish(testEvent(x2, 'wf', seq));
      bus.publish(testEvent(x1, 'wf', seq));
    }
    const events = await collect(sub, (e) => e.length === 5);
    expect(events.every((e) => e.executionId === x1)).toBe(true);
    expect(seqs(events)).toEqual(range(1, 5));
  });

  it('delivers every execution of the subscribed workflow, and only those', async () => {
    fresh();
    const [w1, w2] = [nanoid(), nanoid()];
    const sub = bus.subscribe({ workflowId: w1 });
    await sub.ready;
    bus.publish(testEvent('a', w1, 1));
    bus.publish(testEvent('c', w2, 1));
    bus.publish(testEvent('b', w1, 1));
    bus.publish(testEvent('a', w1, 2));
    const events = await collect(sub, (e) => e.length === 3);
    // Order holds per execution; across executions a batch may group them.
    expect(events.map((e) => `${e.executionId}${e.seq}`).sort()).toEqual(['a1', 'a2', 'b1']);
    expect(seqs(events.filter((e) => e.executionId === 'a'))).toEqual([1, 2]);
  });

  it('keeps publish order per execution across interleaved executions', async () => {
    fresh();
    const wf = nanoid();
    const sub = bus.subscribe({ workflowId: wf });
    await sub.ready;
    for (let seq = 1; seq <= 500; seq++) {
      bus.publish(testEvent('x', wf, seq));
      if (seq % 2 === 0) bus.publish(testEvent('y', wf, seq / 2));
      if (seq % 50 === 0) await tick();
    }
    const events = await collect(sub, (e) => e.length === 750);
    expect(seqs(events.filter((e) => e.executionId === 'x'))).toEqual(range(1, 500));
    expect(seqs(events.filter((e) => e.executionId === 'y'))).toEqual(range(1, 250));
  });

  it('loses nothing published after subscribing', async () => {
    fresh();
    const x = nanoid();
    const subs = [bus.subscribe({ executionId: x }), bus.subscribe({ workflowId: 'wf-no-loss' })];
    await Promise.all(subs.map((s) => s.ready));
    for (let seq = 1; seq <= 2_000; seq++) bus.publish(testEvent(x, 'wf-no-loss', seq));
    for (const sub of subs) {
      expect(seqs(await collect(sub, (e) => e.length === 2_000))).toEqual(range(1, 2_000));
    }
  });

  it('replays afterSeq then live with no gap and no duplicate while publishing goes on', async () => {
    fresh();
    const x = nanoid();
    const last = 3_000;
    await watch(bus);
    for (let seq = 1; seq <= 200; seq++) bus.publish(testEvent(x, 'wf', seq));
    await bus.flush();
    let published = 200;
    const publishing = (async () => {
      while (published < last) {
        for (let i = 0; i < 25 && published < last; i++)
          bus.publish(testEvent(x, 'wf', ++published));
        await tick();
      }
    })();
    // Join at several moments, each from a different point in the past.
    const joined: { afterSeq: number; sub: EventSubscription }[] = [];
    for (const afterSeq of [0, 100, 150, 199]) {
      await tick();
      joined.push({ afterSeq, sub: bus.subscribe({ executionId: x }, { afterSeq }) });
    }
    const fromNow = published;
    joined.push({
      afterSeq: fromNow,
      sub: bus.subscribe({ executionId: x }, { afterSeq: fromNow }),
    });
    await publishing;
    for (const { afterSeq, sub } of joined) {
      const events = await collect(sub, (e) => e.at(-1)?.seq === last);
      expect(seqs(events)).toEqual(range(afterSeq + 1, last));
    }
  });

  it('returns the retained backlog after a seq, bounded per execution', async () => {
    world = newWorld();
    bus = open({ backlogLimit: 100 });
    const x = nanoid();
    await watch(bus);
    for (let seq = 1; seq <= 50; seq++) bus.publish(testEvent(x, 'wf', seq));
    await bus.flush();
    expect(seqs(await bus.backlog(x))).toEqual(range(1, 50));
    expect(seqs(await bus.backlog(x, 40))).toEqual(range(41, 50));
    expect(await bus.backlog(x, 50)).toEqual([]);
    expect(await bus.backlog(nanoid())).toEqual([]);
    expect((await bus.backlog(x, 49))[0]).toMatchObject({ executionId: x, type: 'node_started' });
    for (let seq = 51; seq <= 1_000; seq++) bus.publish(testEvent(x, 'wf', seq));
    await bus.flush();
    const kept = seqs(await bus.backlog(x));
    // Redis trims approximately (MAXLEN ~): whole stream nodes of up to 100 entries at a time.
    expect(kept.length).toBeGreaterThanOrEqual(100);
    expect(kept.length).toBeLessThanOrEqual(name === 'memory' ? 100 : 300);
    expect(kept).toEqual(range(1_001 - kept.length, 1_000));
  });

  it('drops an execution backlog some time after its terminal event', async () => {
    world = newWorld();
    bus = open({ retainAfterEndMs: 150 });
    const [done, running] = [nanoid(), nanoid()];
    await watch(bus);
    bus.publish(testEvent(done, 'wf', 1));
    bus.publish(testEvent(running, 'wf', 1));
    bus.publish(testEvent(done, 'wf', 2, { type: 'execution_completed', durationMs: 5 } as never));
    await bus.flush();
    expect(await bus.backlog(done)).toHaveLength(2);
    await until(async () => (await bus.backlog(done)).length === 0, 3_000);
    expect(await bus.backlog(running)).toHaveLength(1);
  });

  it('releases a subscription when its signal aborts, or the loop breaks', async () => {
    fresh();
    const x = nanoid();
    const gone = new AbortController();
    const sub = bus.subscribe({ executionId: x }, { signal: gone.signal });
    const other = bus.subscribe({ workflowId: 'wf' });
    await Promise.all([sub.ready, other.ready]);
    expect(bus.stats().subscribers).toBe(2);
    const pulling = sub[Symbol.asyncIterator]().next();
    gone.abort();
    await expect(pulling).resolves.toEqual({ value: undefined, done: true });
    expect(bus.stats().subscribers).toBe(1);
    bus.publish(testEvent(x, 'wf', 1));
    for await (const event of other) {
      expect(event.seq).toBe(1);
      break;
    }
    expect(bus.stats().subscribers).toBe(0);
    const aborted = bus.subscribe({ executionId: x }, { signal: AbortSignal.abort() });
    expect(bus.stats().subscribers).toBe(0);
    await expect(aborted[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true });
  });

  it('cuts off a subscriber that falls behind, without slowing the others', async () => {
    world = newWorld();
    bus = open({ queueLimit: 100 });
    const x = nanoid();
    const slow = bus.subscribe({ executionId: x });
    const fast = bus.subscribe({ executionId: x });
    await Promise.all([slow.ready, fast.ready]);
    const received: RuntimeEvent[] = [];
    const consuming = (async () => {
      for await (const event of fast) if (received.push(event) === 1_000) break;
    })();
    for (let seq = 1; seq <= 1_000; seq++) {
      bus.publish(testEvent(x, 'wf', seq));
      if (seq % 50 === 0) await until(() => received.length === seq);
    }
    await consuming;
    expect(seqs(received)).toEqual(range(1, 1_000));
    await until(() => bus.stats().subscribers === 0);
    const error = await slow[Symbol.asyncIterator]()
      .next()
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EventBusError);
    expect(error).toMatchObject({ code: 'EVENT_BUS_OVERFLOW', retryable: true });
  });

  it('sends topic messages to listeners as JSON copies', async () => {
    fresh();
    const topic = `t-${nanoid()}`;
    const got: unknown[] = [];
    const other: unknown[] = [];
    const unlisten = bus.listen(topic, (m) => got.push(m));
    const failing = bus.listen(topic, () => {
      throw new Error('listener bug');
    });
    const elsewhere = bus.listen(`${topic}-other`, (m) => other.push(m));
    await Promise.all([unlisten.ready, failing.ready, elsewhere.ready]);
    expect(bus.stats().listeners).toBe(3);
    const message = { price: 101.5, at: new Date(0), tags: ['a'] };
    await bus.send(topic, message);
    await until(() => got.length === 1);
    expect(got[0]).toEqual({ price: 101.5, at: '1970-01-01T00:00:00.000Z', tags: ['a'] });
    expect(got[0]).not.toBe(message);
    unlisten();
    failing();
    await bus.send(topic, 'ignored');
    await bus.send(`${topic}-other`, 2);
    await until(() => other.length === 1);
    expect(got).toHaveLength(1);
    expect(other).toEqual([2]);
    expect(bus.stats().listeners).toBe(1);
  });

  it('flush resolves once every published event is handed over', async () => {
    fresh();
    const x = nanoid();
    await watch(bus);
    for (let seq = 1; seq <= 300; seq++) bus.publish(testEvent(x, 'wf', seq));
    await bus.flush();
    expect(bus.stats().pendingEvents).toBe(0);
    expect(seqs(await bus.backlog(x))).toEqual(range(1, 300));
    await bus.flush();
  });

  it('ends subscriptions on close and refuses new ones', async () => {
    fresh();
    const sub = bus.subscribe({ executionId: 'x' });
    await sub.ready;
    const pulling = sub[Symbol.asyncIterator]().next();
    await bus.close();
    await expect(pulling).resolves.toMatchObject({ done: true });
    const late = bus.subscribe({ executionId: 'x' });
    await expect(late[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: 'EVENT_BUS_CLOSED',
    });
    await expect(bus.send('t', 1)).rejects.toMatchObject({ code: 'EVENT_BUS_CLOSED' });
    bus.publish(testEvent('x', 'wf', 1));
  });

  if (name === 'redis') {
    it('connects processes: events, backlog and topics cross bus instances', async () => {
      world = newWorld();
      const [a, b] = [open(), open()];
      const x = nanoid();
      const onB = b.subscribe({ executionId: x });
      const byWorkflow = a.subscribe({ workflowId: 'wf-shared' });
      await Promise.all([onB.ready, byWorkflow.ready]);
      const got: unknown[] = [];
      const listening = a.listen('cross', (m) => got.push(m));
      await listening.ready;
      for (let seq = 1; seq <= 100; seq++) a.publish(testEvent(x, 'wf-shared', seq));
      b.publish(testEvent('from-b', 'wf-shared', 1));
      expect(seqs(await collect(onB, (e) => e.length === 100))).toEqual(range(1, 100));
      const seen = await collect(byWorkflow, (e) => e.length === 101);
      expect(seen.filter((e) => e.executionId === 'from-b')).toHaveLength(1);
      await a.flush();
      expect(seqs(await b.backlog(x, 90))).toEqual(range(91, 100));
      await b.send('cross', { from: 'b' });
      await until(() => got.length === 1);
      expect(got).toEqual([{ from: 'b' }]);
      // A late joiner in another process replays from the shared backlog.
      const late = b.subscribe({ executionId: x }, { afterSeq: 95 });
      a.publish(testEvent(x, 'wf-shared', 101));
      expect(seqs(await collect(late, (e) => e.length === 6))).toEqual(range(96, 101));
    });

    it('fails subscriptions when Redis drops the subscriber connection, then recovers', async () => {
      world = newWorld();
      bus = open();
      const x = nanoid();
      const sub = bus.subscribe({ executionId: x });
      await sub.ready;
      const admin = new Redis(process.env.REDIS_URL!);
      try {
        const clients = await admin.client('LIST');
        const id = String(clients)
          .split('\n')
          .find((line) => line.includes(`name=flowdeck-bus-sub:${world.prefix} `))
          ?.match(/id=(\d+)/)?.[1];
        expect(id).toBeDefined();
        await admin.client('KILL', 'ID', id!);
      } finally {
        admin.disconnect();
      }
      await expect(collect(sub, () => false)).rejects.toMatchObject({
        code: 'EVENT_BUS_DISCONNECTED',
      });
      expect(bus.stats().subscribers).toBe(0);
      const again = bus.subscribe({ executionId: x }, { afterSeq: 0 });
      await again.ready;
      bus.publish(testEvent(x, 'wf', 1));
      expect(seqs(await collect(again, (e) => e.length === 1))).toEqual([1]);
    });

    it('neither throws nor hangs when Redis cannot be reached', async () => {
      const { createRedisEventBus } = await import('./redis');
      const { logger } = await import('../../logger');
      const lost = createRedisEventBus({ url: 'redis://127.0.0.1:1', log: logger });
      lost.publish(testEvent('x', 'wf', 1));
      const sub = lost.subscribe({ executionId: 'x' });
      await expect(collect(sub, () => false)).rejects.toMatchObject({
        code: 'EVENT_BUS_DISCONNECTED',
      });
      const started = Date.now();
      await lost.close();
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  } else {
    it('keeps each instance to itself (one process)', async () => {
      world = newWorld();
      const [a, b] = [open(), open()];
      const onB = b.subscribe({ executionId: 'x' });
      const got: unknown[] = [];
      b.listen('t', (m) => got.push(m));
      a.publish(testEvent('x', 'wf', 1));
      await a.send('t', 1);
      b.publish(testEvent('x', 'wf', 7));
      expect(seqs(await collect(onB, (e) => e.length === 1))).toEqual([7]);
      expect(got).toEqual([]);
      expect(await b.backlog('x')).toHaveLength(1);
    });

    it('caps the events retained over all executions, oldest executions first', async () => {
      world = newWorld();
      const { createMemoryEventBus } = await import('./memory');
      const small = createMemoryEventBus({
        backlogLimit: 10,
        maxRetainedEvents: 25,
        retainUnwatched: true,
      });
      for (const x of ['a', 'b', 'c'])
        for (let seq = 1; seq <= 10; seq++) small.publish(testEvent(x, 'wf', seq));
      expect(small.stats()).toMatchObject({ retainedExecutions: 2, retainedEvents: 20 });
      expect(await small.backlog('a')).toEqual([]);
      expect(await small.backlog('c')).toHaveLength(10);
      await small.close();
    });
  }
});

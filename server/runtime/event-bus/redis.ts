/**
 * The Redis event bus (REDIS_URL): every process publishes and subscribes through Redis, so a
 * browser connected to one process sees an execution that runs in another.
 *
 * - Two connections: `cmd` (pipelined writes, backlog reads, topic sends) and `sub` (pub/sub).
 * - Channels per execution and per workflow (`<prefix>ev:x:<executionId>`,
 *   `<prefix>ev:w:<workflowId>`), not one channel filtered locally: Redis then routes each
 *   event only to the processes whose clients watch it, so a web process showing one execution
 *   does not parse the whole cluster's traffic, and publishing to a channel nobody watches costs
 *   Redis a hash lookup.
 * - Publishing never waits: events are queued and written once per event-loop turn, one pipeline
 *   per turn, grouped per execution: XADD each event to the execution's backlog stream (entry id
 *   `<seq>-0`, MAXLEN ~ backlogLimit, so a replay is one XRANGE from `afterSeq + 1`, and a
 *   duplicate seq is refused), PEXPIRE the stream (a day while running, `retainAfterEndMs` after a
 *   terminal event), and PUBLISH the batch as one JSON array to both channels.
 * - Ordering: a backlog read issued after the SUBSCRIBE is acknowledged sees every event whose
 *   PUBLISH Redis ran before that SUBSCRIBE (its XADD went first on the same connection); every
 *   later one arrives live. Replay then live, deduplicated by seq, therefore has no gap.
 * - When the subscriber connection drops, every event subscription fails with
 *   EVENT_BUS_DISCONNECTED (events published meanwhile are not redelivered by pub/sub): SSE
 *   clients reconnect and resume from the backlog. Topic listeners are resubscribed by ioredis.
 */
import { Redis } from 'ioredis';
import type { RuntimeEvent } from '@/lib/events';
import type { Logger } from '../../logger';
import {
  BUS_DEFAULTS,
  EventBusError,
  isTerminalEvent,
  type EventBus,
  type EventBusStats,
  type EventFilter,
  type SubscribeOptions,
  type Unlisten,
} from './event-bus';
import { failedSubscription, QueueSubscription } from './subscription';

export type RedisEventBusOptions = {
  url: string;
  log: Logger;
  /** Prefix of every key and channel (default `fd:`); tests use a unique one per run. */
  prefix?: string;
  /** Events retained per execution (approximately: MAXLEN ~; default 10,000). */
  backlogLimit?: number;
  /** How long a backlog outlives its execution's terminal event (default 5 minutes). */
  retainAfterEndMs?: number;
  /** Expiry of a running execution's backlog, renewed by each event (default 24 hours). */
  activeTtlMs?: number;
  /** Events a subscriber may have queued before it is cut off (default 10,000). */
  queueLimit?: number;
  /** Events published here and not yet acknowledged by Redis before new ones are dropped (default 100,000). */
  maxPendingEvents?: number;
};

type ChannelEntry =
  | { kind: 'events'; subs: Set<QueueSubscription>; ready: Promise<void> }
  | { kind: 'topic'; handlers: Set<(message: unknown) => void>; ready: Promise<void> };

const XADD_ID_TOO_SMALL = /equal or smaller than the target stream top item/;

export function createRedisEventBus(options: RedisEventBusOptions): EventBus {
  const { url, log } = options;
  const prefix = options.prefix ?? 'fd:';
  const backlogLimit = options.backlogLimit ?? BUS_DEFAULTS.backlogLimit;
  const retainAfterEndMs = options.retainAfterEndMs ?? BUS_DEFAULTS.retainAfterEndMs;
  const activeTtlMs = options.activeTtlMs ?? 24 * 3_600_000;
  const queueLimit = options.queueLimit ?? BUS_DEFAULTS.queueLimit;
  const maxPendingEvents = options.maxPendingEvents ?? 100_000;

  const backlogKey = (executionId: string) => `${prefix}bl:${executionId}`;
  const executionChannel = (executionId: string) => `${prefix}ev:x:${executionId}`;
  const workflowChannel = (workflowId: string) => `${prefix}ev:w:${workflowId}`;
  const topicChannel = (topic: string) => `${prefix}t:${topic}`;

  const cmd = new Redis(url, { connectionName: `flowdeck-bus-cmd:${prefix}` });
  // No ready check (INFO) on the subscriber: ioredis writes a SUBSCRIBE issued during the
  // handshake at once, and the INFO after it then fails in subscriber mode, dropping the link.
  const sub = new Redis(url, {
    connectionName: `flowdeck-bus-sub:${prefix}`,
    enableReadyCheck: false,
  });
  let closed = false;

  /* Connection trouble is logged (at most every 5 s per connection), never thrown. */
  for (const [name, conn] of [
    ['cmd', cmd],
    ['sub', sub],
  ] as const) {
    let lastLogged = 0;
    conn.on('error', (err: Error) => {
      if (Date.now() - lastLogged < 5_000) return;
      lastLogged = Date.now();
      log.warn({ err, connection: name }, 'event bus: Redis connection error');
    });
  }

  const channels = new Map<string, ChannelEntry>();
  let subscribers = 0;

  sub.on('message', (channel: string, text: string) => {
    const entry = channels.get(channel);
    if (!entry) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      log.warn({ err, channel }, 'event bus: unreadable message');
      return;
    }
    if (entry.kind === 'topic') {
      for (const handler of [...entry.handlers]) {
        try {
          handler(parsed);
        } catch (err) {
          log.error({ err, channel }, 'topic listener failed');
        }
      }
      return;
    }
    for (const event of parsed as RuntimeEvent[]) for (const s of entry.subs) s.push(event);
  });

  sub.on('close', () => {
    if (closed) return;
    const lost = [...channels.values()].flatMap((e) => (e.kind === 'events' ? [...e.subs] : []));
    if (lost.length > 0)
      log.warn({ subscriptions: lost.length }, 'event bus: Redis subscriber lost');
    for (const s of lost)
      s.fail(new EventBusError('EVENT_BUS_DISCONNECTED', 'lost the Redis subscriber connection'));
  });

  function join(channel: string, make: (ready: Promise<void>) => ChannelEntry): ChannelEntry {
    let entry = channels.get(channel);
    if (!entry) {
      const ready = sub.subscribe(channel).then(() => undefined);
      ready.catch(() => {});
      entry = make(ready);
      channels.set(channel, entry);
    }
    return entry;
  }

  function leave(channel: string, entry: ChannelEntry) {
    const size = entry.kind === 'events' ? entry.subs.size : entry.handlers.size;
    if (size > 0 || channels.get(channel) !== entry) return;
    channels.delete(channel);
    if (!closed) sub.unsubscribe(channel).catch(() => {});
  }

  /* Publishing: queued, written once per event-loop turn. */
  let pending: RuntimeEvent[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  let inflightEvents = 0;
  const inflight = new Set<Promise<void>>();
  let lastDropLog = 0;

  function writePending() {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const groups = new Map<string, RuntimeEvent[]>();
    for (const event of batch) {
      const group = groups.get(event.executionId);
      if (group) group.push(event);
      else groups.set(event.executionId, [event]);
    }
    const pipeline = cmd.pipeline();
    for (const [executionId, events] of groups) {
      const key = backlogKey(executionId);
      const texts: string[] = [];
      const workflows = new Set<string>();
      let ended = false;
      for (const event of events) {
        const text = JSON.stringify(event);
        texts.push(text);
        workflows.add(event.workflowId);
        pipeline.xadd(key, 'MAXLEN', '~', backlogLimit, `${event.seq}-0`, 'e', text);
        ended = isTerminalEvent(event);
      }
      pipeline.pexpire(key, ended ? retainAfterEndMs : activeTtlMs);
      const payload = `[${texts.join(',')}]`;
      pipeline.publish(executionChannel(executionId), payload);
      for (const workflowId of workflows) pipeline.publish(workflowChannel(workflowId), payload);
    }
    inflightEvents += batch.length;
    const done = pipeline.exec().then(
      (results) => {
        const failures = (results ?? []).filter(
          ([err]) => err && !XADD_ID_TOO_SMALL.test(err.message),
        );
        if (failures.length > 0)
          log.warn(
            { err: failures[0]![0], failures: failures.length },
            'event bus: publish failed',
          );
      },
      (err: unknown) => log.warn({ err, events: batch.length }, 'event bus: publish failed'),
    );
    const tracked = done.finally(() => {
      inflightEvents -= batch.length;
      inflight.delete(tracked);
    });
    inflight.add(tracked);
  }

  function parseEntries(entries: [string, string[]][]): RuntimeEvent[] {
    return entries.map(([, fields]) => JSON.parse(fields[1]!) as RuntimeEvent);
  }

  const bus: EventBus = {
    publish(event) {
      if (closed) return;
      if (pending.length + inflightEvents >= maxPendingEvents) {
        if (Date.now() - lastDropLog > 5_000) {
          lastDropLog = Date.now();
          log.warn({ maxPendingEvents }, 'event bus: Redis is not keeping up; dropping events');
        }
        return;
      }
      pending.push(event);
      scheduled ??= setImmediate(writePending);
    },

    subscribe(filter: EventFilter, options: SubscribeOptions = {}) {
      if (closed) return failedSubscription(new EventBusError('EVENT_BUS_CLOSED', 'bus closed'));
      const channel =
        'executionId' in filter
          ? executionChannel(filter.executionId)
          : workflowChannel(filter.workflowId);
      const s = new QueueSubscription(
        queueLimit,
        (done) => {
          const entry = channels.get(channel);
          if (entry?.kind === 'events' && entry.subs.delete(done)) {
            subscribers--;
            leave(channel, entry);
          }
        },
        options.signal,
      );
      if (s.isEnded) return s;
      const entry = join(channel, (ready) => ({ kind: 'events', subs: new Set(), ready }));
      if (entry.kind !== 'events') throw new Error(`channel ${channel} is a topic`);
      entry.subs.add(s);
      subscribers++;
      const { afterSeq } = options;
      if ('executionId' in filter && afterSeq !== undefined) {
        s.hold();
        s.ready = entry.ready
          .then(() => bus.backlog(filter.executionId, afterSeq))
          .then((events) => s.replay(events, afterSeq));
      } else {
        s.ready = entry.ready;
      }
      s.ready.catch((err: unknown) =>
        s.fail(new EventBusError('EVENT_BUS_DISCONNECTED', 'could not subscribe', { cause: err })),
      );
      return s;
    },

    // Subscribers and backlog readers may be in any process.
    watches: () => true,

    async backlog(executionId, afterSeq = 0) {
      const entries = (await cmd.xrange(backlogKey(executionId), `${afterSeq + 1}`, '+')) as [
        string,
        string[],
      ][];
      return parseEntries(entries);
    },

    async send(topic, message) {
      if (closed) throw new EventBusError('EVENT_BUS_CLOSED', 'bus closed');
      await cmd.publish(topicChannel(topic), JSON.stringify(message ?? null));
    },

    listen(topic, handler) {
      const channel = topicChannel(topic);
      const entry = join(channel, (ready) => ({ kind: 'topic', handlers: new Set(), ready }));
      if (entry.kind !== 'topic') throw new Error(`channel ${channel} carries events`);
      const own = (message: unknown) => handler(message);
      entry.handlers.add(own);
      const unlisten = () => {
        if (entry.handlers.delete(own)) leave(channel, entry);
      };
      return Object.assign(unlisten, { ready: entry.ready }) satisfies Unlisten;
    },

    async flush() {
      writePending();
      await Promise.all([...inflight]);
    },

    kind: 'redis' as const,
    async ping() {
      await cmd.ping();
    },
    stats(): EventBusStats {
      let listeners = 0;
      for (const entry of channels.values())
        if (entry.kind === 'topic') listeners += entry.handlers.size;
      return { subscribers, listeners, pendingEvents: pending.length + inflightEvents };
    },

    async close() {
      if (closed) return;
      // Hand over what is pending, but do not hold a shutdown hostage to an unreachable Redis.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        bus.flush().catch(() => {}),
        new Promise((resolve) => (timer = setTimeout(resolve, 2_000))),
      ]);
      clearTimeout(timer);
      closed = true;
      for (const entry of [...channels.values()]) {
        if (entry.kind === 'events') for (const s of [...entry.subs]) s.end();
        else entry.handlers.clear();
      }
      channels.clear();
      await Promise.all([quit(cmd), quit(sub)]);
    },
  };
  return bus;
}

/**
 * QUIT when connected (a clean goodbye), else a hard disconnect: ioredis queues a QUIT issued
 * while reconnecting and never settles it once disconnected.
 */
async function quit(conn: Redis) {
  if (conn.status === 'end') return;
  if (conn.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      conn.quit().catch(() => {}),
      new Promise((resolve) => (timer = setTimeout(resolve, 1_000))),
    ]);
    clearTimeout(timer);
  }
  conn.disconnect();
}

/**
 * The in-process event bus (the default, with no REDIS_URL): publish fans an event out
 * synchronously to the matching subscribers' bounded queues and appends it to its execution's
 * backlog. Single-process semantics: another bus instance is another world.
 *
 * A backlog starts with the first event published while something subscribes to the execution
 * or its workflow, or did within `retainAfterEndMs`, and then keeps going after the subscriber
 * leaves (it may come back with a Last-Event-ID). Events of executions no one watches are kept
 * nowhere: under webhook load that is most executions, whose events cost the garbage collector
 * ~6% of the server's time when every one was kept (webhook bench, c=10: requests/s +5–7%, p99
 * 8.0 → 7.0 ms without).
 *
 * Memory stays bounded: each backlog keeps the last `backlogLimit` events, all backlogs together
 * at most `maxRetainedEvents` (the oldest executions go first), and an execution's backlog is
 * dropped `retainAfterEndMs` after its terminal event by one unref'd timer (never one per
 * execution, and never keeping the process alive).
 */
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

export type MemoryEventBusOptions = {
  /** Events retained per execution (default 10,000). */
  backlogLimit?: number;
  /** Events retained over all executions (default 100,000: some tens of MB). */
  maxRetainedEvents?: number;
  /** How long a backlog outlives its execution's terminal event (default 5 minutes). */
  retainAfterEndMs?: number;
  /**
   * Retain the events of executions no one watches too (default false: an execution's backlog
   * starts with the first event published while something subscribes to it or its workflow).
   */
  retainUnwatched?: boolean;
  /** Events a subscriber may have queued before it is cut off (default 10,000). */
  queueLimit?: number;
  log?: Logger;
};

/** One execution's retained events: a window over an array, compacted now and then. */
class Backlog {
  events: RuntimeEvent[] = [];
  start = 0;
  endedAt: number | null = null;
  /** Its place in the eviction order (see `Retained`). */
  slot = -1;

  constructor(readonly executionId: string) {}

  get size(): number {
    return this.events.length - this.start;
  }

  /** Appends; returns how many events fell off the front (0 or 1). */
  push(event: RuntimeEvent, limit: number): number {
    this.events.push(event);
    if (this.size <= limit) return 0;
    this.start++;
    if (this.start >= 1024 && this.start * 2 >= this.events.length) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
    return 1;
  }

  after(afterSeq: number): RuntimeEvent[] {
    // Readers usually ask for the last few events: scan back from the end.
    let i = this.events.length;
    while (i > this.start && this.events[i - 1]!.seq > afterSeq) i--;
    return this.events.slice(i);
  }
}

/**
 * The retained backlogs by execution, and their eviction order (oldest first) in O(1): the
 * order is an array of the backlogs themselves with a moving head, each backlog knowing its
 * current slot, so an entry left behind by a move or a drop is recognised and skipped. This is
 * FifoMap's idea without its two bookkeeping objects per entry: a backlog is kept per execution
 * for minutes, and every object kept is one the garbage collector copies and marks.
 */
class Retained {
  private readonly map = new Map<string, Backlog>();
  private order: Backlog[] = [];
  private head = 0;
  /** The slot number of order[0]. */
  private base = 0;

  get size(): number {
    return this.map.size;
  }

  get(executionId: string): Backlog | undefined {
    return this.map.get(executionId);
  }

  /** Adds a new backlog as the newest. */
  add(backlog: Backlog) {
    this.map.set(backlog.executionId, backlog);
    this.toBack(backlog);
  }

  /** Makes a retained backlog the newest. */
  toBack(backlog: Backlog) {
    backlog.slot = this.base + this.order.length;
    this.order.push(backlog);
  }

  /** Whether the order's entry at `index` is its backlog's current place (a dropped one has none). */
  private live(backlog: Backlog, index: number): boolean {
    return backlog.slot === this.base + index;
  }

  oldest(): Backlog | undefined {
    while (this.head < this.order.length) {
      const backlog = this.order[this.head]!;
      if (this.live(backlog, this.head)) return backlog;
      this.head++;
    }
    return undefined;
  }

  drop(backlog: Backlog) {
    if (this.map.get(backlog.executionId) !== backlog) return;
    this.map.delete(backlog.executionId);
    backlog.slot = -1;
    if (this.head >= 1024 && this.head * 2 >= this.order.length) this.rebase();
    else if (this.order.length - this.head > 2 * this.map.size + 1024) this.compact();
  }

  clear() {
    for (const backlog of this.map.values()) backlog.slot = -1;
    this.map.clear();
    this.order = [];
    this.head = 0;
  }

  /** Drops the consumed front of the order. */
  private rebase() {
    this.order = this.order.slice(this.head);
    this.base += this.head;
    this.head = 0;
  }

  /** Keeps only the live entries, in order (many were dropped out of order). */
  private compact() {
    const live: Backlog[] = [];
    for (let i = this.head; i < this.order.length; i++) {
      const backlog = this.order[i]!;
      if (this.live(backlog, i)) live.push(backlog);
    }
    this.base += this.order.length;
    for (let i = 0; i < live.length; i++) live[i]!.slot = this.base + i;
    this.order = live;
    this.head = 0;
  }
}

export function createMemoryEventBus(options: MemoryEventBusOptions = {}): EventBus {
  const backlogLimit = options.backlogLimit ?? BUS_DEFAULTS.backlogLimit;
  const maxRetainedEvents = Math.max(options.maxRetainedEvents ?? 100_000, backlogLimit);
  const retainAfterEndMs = options.retainAfterEndMs ?? BUS_DEFAULTS.retainAfterEndMs;
  const queueLimit = options.queueLimit ?? BUS_DEFAULTS.queueLimit;
  const retainUnwatched = options.retainUnwatched ?? false;
  const log = options.log;

  const backlogs = new Retained();
  let retainedEvents = 0;
  const byExecution = new Map<string, Set<QueueSubscription>>();
  const byWorkflow = new Map<string, Set<QueueSubscription>>();
  const topics = new Map<string, Set<(message: unknown) => void>>();
  let subscribers = 0;
  /**
   * Executions and workflows watched lately: until when a subscriber left them (still subscribed:
   * no entry needed). Their events stay retained for `retainAfterEndMs` after the last subscriber
   * left, so a client that reconnects with its Last-Event-ID finds what it missed meanwhile, even
   * if nothing was published while it was connected.
   */
  const leftExecutions = new Map<string, number>();
  const leftWorkflows = new Map<string, number>();
  const left = (map: Map<string, number>, key: string) => {
    map.set(key, Date.now() + retainAfterEndMs);
    if (map.size > 1_024) {
      const now = Date.now();
      for (const [k, until] of map) if (until < now) map.delete(k);
    }
  };
  const watchedLately = (executionId: string, workflowId: string) => {
    if (leftExecutions.size === 0 && leftWorkflows.size === 0) return false;
    const until = Math.max(
      leftExecutions.get(executionId) ?? 0,
      leftWorkflows.get(workflowId) ?? 0,
    );
    return until > 0 && until >= Date.now();
  };
  let closed = false;

  /*
   * Expiry of ended executions: a FIFO by end time (two parallel arrays, no object per entry;
   * the times stay unboxed), and one timer for its head.
   */
  let ended: Backlog[] = [];
  let endedTimes: number[] = [];
  let endedHead = 0;
  let sweepTimer: NodeJS.Timeout | null = null;

  function scheduleSweep() {
    if (sweepTimer || endedHead >= ended.length || closed) return;
    const wait = Math.max(0, endedTimes[endedHead]! + retainAfterEndMs - Date.now());
    sweepTimer = setTimeout(sweep, wait);
    sweepTimer.unref();
  }

  function sweep() {
    sweepTimer = null;
    const now = Date.now();
    while (endedHead < ended.length && endedTimes[endedHead]! + retainAfterEndMs <= now) {
      const backlog = ended[endedHead]!;
      const at = endedTimes[endedHead]!;
      endedHead++;
      // A backlog that ended again later (or was resumed) waits for its own turn.
      if (backlogs.get(backlog.executionId) === backlog && backlog.endedAt === at)
        dropBacklog(backlog);
    }
    if (endedHead === ended.length) {
      ended = [];
      endedTimes = [];
      endedHead = 0;
    }
    scheduleSweep();
  }

  function compactEnded() {
    const live: Backlog[] = [];
    const times: number[] = [];
    for (let i = endedHead; i < ended.length; i++) {
      const backlog = ended[i]!;
      if (backlogs.get(backlog.executionId) === backlog && backlog.endedAt === endedTimes[i]) {
        live.push(backlog);
        times.push(endedTimes[i]!);
      }
    }
    ended = live;
    endedTimes = times;
    endedHead = 0;
  }

  function dropBacklog(backlog: Backlog) {
    retainedEvents -= backlog.size;
    backlogs.drop(backlog);
    // The expiry queue may still name it until its turn: it must not keep the events alive.
    backlog.events = [];
    backlog.start = 0;
  }

  /** The backlog appended to last: an execution publishes its events in bursts. */
  let last: Backlog | null = null;

  /** Whether something subscribes to the execution or its workflow, or did lately. */
  const watchedNow = (executionId: string, workflowId: string) =>
    retainUnwatched ||
    byExecution.has(executionId) ||
    byWorkflow.has(workflowId) ||
    watchedLately(executionId, workflowId);

  /** Appends to the execution's backlog; starts one only for a watched execution. */
  function retain(event: RuntimeEvent) {
    let backlog =
      last !== null && last.slot !== -1 && last.executionId === event.executionId
        ? last
        : backlogs.get(event.executionId);
    if (!backlog) {
      if (!watchedNow(event.executionId, event.workflowId)) return;
      backlog = new Backlog(event.executionId);
      backlogs.add(backlog);
    }
    last = backlog;
    retainedEvents += 1 - backlog.push(event, backlogLimit);
    if (isTerminalEvent(event)) {
      backlog.endedAt = Date.now();
      ended.push(backlog);
      endedTimes.push(backlog.endedAt);
      // Backlogs dropped early (by the cap below) leave stale entries: keep the queue in bounds.
      if (ended.length - endedHead > 2 * backlogs.size + 1024) compactEnded();
      scheduleSweep();
    } else if (backlog.endedAt !== null) {
      backlog.endedAt = null;
    }
    if (retainedEvents > maxRetainedEvents) {
      // The oldest executions go first; the one being appended to moves to the back instead.
      for (let oldest = backlogs.oldest(); oldest && retainedEvents > maxRetainedEvents;) {
        if (oldest === backlog) backlogs.toBack(backlog);
        else dropBacklog(oldest);
        oldest = backlogs.oldest();
      }
    }
  }

  function index(filter: EventFilter): [Map<string, Set<QueueSubscription>>, string] {
    return 'executionId' in filter
      ? [byExecution, filter.executionId]
      : [byWorkflow, filter.workflowId];
  }

  return {
    publish(event) {
      if (closed) return;
      retain(event);
      const forExecution = byExecution.get(event.executionId);
      const forWorkflow = byWorkflow.get(event.workflowId);
      if (forExecution) for (const sub of forExecution) sub.push(event);
      if (forWorkflow) for (const sub of forWorkflow) sub.push(event);
    },

    watches(executionId, workflowId) {
      return backlogs.get(executionId) !== undefined || watchedNow(executionId, workflowId);
    },

    subscribe(filter, options: SubscribeOptions = {}) {
      if (closed) return failedSubscription(new EventBusError('EVENT_BUS_CLOSED', 'bus closed'));
      const [map, key] = index(filter);
      const sub = new QueueSubscription(
        queueLimit,
        (s) => {
          const set = map.get(key);
          if (set?.delete(s)) subscribers--;
          if (set?.size === 0) {
            map.delete(key);
            left(map === byExecution ? leftExecutions : leftWorkflows, key);
          }
        },
        options.signal,
      );
      if (sub.isEnded) return sub;
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(sub);
      subscribers++;
      // Publishing is synchronous here, so the backlog read and the registration are atomic.
      if ('executionId' in filter && options.afterSeq !== undefined) {
        const backlog = backlogs.get(filter.executionId);
        sub.replay(backlog ? backlog.after(options.afterSeq) : [], options.afterSeq);
      }
      return sub;
    },

    async backlog(executionId, afterSeq = 0) {
      return backlogs.get(executionId)?.after(afterSeq) ?? [];
    },

    async send(topic, message) {
      if (closed) throw new EventBusError('EVENT_BUS_CLOSED', 'bus closed');
      const handlers = topics.get(topic);
      if (!handlers) return;
      // The same JSON round trip as over Redis: listeners get a copy, and only JSON survives.
      const text = JSON.stringify(message ?? null);
      for (const handler of [...handlers]) {
        try {
          handler(JSON.parse(text));
        } catch (err) {
          log?.error({ err, topic }, 'topic listener failed');
        }
      }
    },

    listen(topic, handler) {
      let handlers = topics.get(topic);
      if (!handlers) topics.set(topic, (handlers = new Set()));
      const own = (message: unknown) => handler(message);
      handlers.add(own);
      const unlisten = () => {
        const set = topics.get(topic);
        set?.delete(own);
        if (set?.size === 0) topics.delete(topic);
      };
      return Object.assign(unlisten, { ready: Promise.resolve() }) satisfies Unlisten;
    },

    async flush() {},

    kind: 'memory' as const,
    async ping() {},
    stats(): EventBusStats {
      let listeners = 0;
      for (const set of topics.values()) listeners += set.size;
      return {
        subscribers,
        listeners,
        pendingEvents: 0,
        retainedExecutions: backlogs.size,
        retainedEvents,
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      if (sweepTimer) clearTimeout(sweepTimer);
      for (const map of [byExecution, byWorkflow])
        for (const set of [...map.values()]) for (const sub of [...set]) sub.end();
      topics.clear();
      backlogs.clear();
      retainedEvents = 0;
    },
  };
}

/**
 * The event bus: how runtime events travel from the executor (in any process) to SSE clients,
 * and how processes signal each other on named topics. Two implementations, memory.ts and
 * redis.ts (ioredis pub/sub); nothing else knows which one is in use, and both pass the same
 * contract suite (event-bus.contract.test.ts). index.ts picks one (`createEventBus`).
 *
 * Delivery is at most once per subscription: a subscriber that falls behind, or loses the
 * transport, gets an `EventBusError` instead of a silent gap; the retained backlog (per
 * execution, bounded) lets it resume from the last `seq` it saw, which is what the SSE layer does
 * through the client's `Last-Event-ID`.
 */
import type { RuntimeEvent } from '@/lib/events';
import { OperationalError } from '../errors';

export type EventFilter = { executionId: string } | { workflowId: string };

export type SubscribeOptions = {
  /**
   * Execution streams only (ignored for a workflow filter): replay the retained events with
   * `seq > afterSeq` before live ones, with no gap and no duplicate (the `Last-Event-ID` of SSE).
   */
  afterSeq?: number;
  /** Ends the iteration and releases the subscription. */
  signal?: AbortSignal;
};

/**
 * A live subscription: iterate it once (one consumer). Breaking out of the loop, or aborting the
 * signal, releases it. The iteration throws an `EventBusError` when the subscriber overflowed
 * its queue (`EVENT_BUS_OVERFLOW`) or the transport dropped (`EVENT_BUS_DISCONNECTED`); events
 * may have been missed then, so resume from the backlog.
 */
export interface EventSubscription extends AsyncIterable<RuntimeEvent> {
  /**
   * Resolves once the subscription is live in the transport (memory: at once; Redis: when the
   * SUBSCRIBE is acknowledged, and any `afterSeq` replay is read). Every event published after
   * that, in any process, is delivered. Read snapshots and backlogs only after it, or events
   * published in between are lost.
   */
  readonly ready: Promise<void>;
}

/** Stops listening; `ready` resolves once the listener is live in every process's transport. */
export type Unlisten = (() => void) & { readonly ready: Promise<void> };

export type EventBusStats = {
  /** Live event subscriptions in this process (SSE clients among them). */
  subscribers: number;
  /** Topic listeners in this process. */
  listeners: number;
  /** Events published in this process and not yet handed to the transport. */
  pendingEvents: number;
  /** Memory bus only: executions with a retained backlog, and their events in all. */
  retainedExecutions?: number;
  retainedEvents?: number;
};

export interface EventBus {
  /**
   * Publishes an event to every subscriber in every process. Does not wait for delivery (the
   * executor must never block on a subscriber); the event is retained for replay per execution
   * (a bounded backlog, dropped some minutes after the execution's terminal event) from the
   * first event published while something watches the execution or its workflow, or watched it
   * within `retainAfterEndMs`: a client can resume what it saw, and the snapshot covers what came
   * before. (Redis retains every execution's: its watchers may be in any process.) Events of one
   * execution must be published in `seq` order.
   */
  publish(event: RuntimeEvent): void;
  /**
   * Events matching the filter, in publish order per execution. Implementations subscribe
   * eagerly, at the call; await `ready` before reading anything the events should follow.
   */
  subscribe(filter: EventFilter, options?: SubscribeOptions): EventSubscription;
  /**
   * Whether an event of this execution may reach anyone now or later: a subscriber of it or of
   * its workflow, or a retained backlog a client may resume from. False only when nothing could
   * read it: the executor then skips what only a reader needs (output previews).
   */
  watches(executionId: string, workflowId: string): boolean;
  /** The retained events of one execution with `seq > afterSeq`, oldest first. */
  backlog(executionId: string, afterSeq?: number): Promise<RuntimeEvent[]>;
  /**
   * Sends a JSON message on a named topic to listeners in every process (event triggers,
   * emergency, live props), this one included. At most once: a listener whose process is
   * disconnected from the transport at that moment misses it.
   */
  send(topic: string, message: unknown): Promise<void>;
  /** Listens on a topic; returns the function that stops listening. */
  listen(topic: string, handler: (message: unknown) => void): Unlisten;
  /** Resolves once every event published so far has been handed to the transport. */
  flush(): Promise<void>;
  /** Counts for metrics and tests. */
  stats(): EventBusStats;
  /** Ends every subscription and listener, flushes, and closes the transport. */
  /** Resolves when the transport answers (Redis: PING); rejects when it does not (health checks). */
  ping(): Promise<void>;
  /** `memory` or `redis`, for /api/health. */
  readonly kind: 'memory' | 'redis';
  close(): Promise<void>;
}

export type EventBusErrorCode =
  'EVENT_BUS_OVERFLOW' | 'EVENT_BUS_DISCONNECTED' | 'EVENT_BUS_CLOSED';

/** Why a subscription ended early. Retryable: subscribe again and resume from the backlog. */
export class EventBusError extends OperationalError {
  constructor(
    override readonly code: EventBusErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** Whether an event ends its execution (its backlog then expires some minutes later). */
export function isTerminalEvent(event: RuntimeEvent): boolean {
  return (
    event.type === 'execution_completed' ||
    event.type === 'execution_failed' ||
    event.type === 'execution_cancelled'
  );
}

/** Defaults shared by both implementations. */
export const BUS_DEFAULTS = {
  /** Events retained per execution for replay. */
  backlogLimit: 10_000,
  /** How long an execution's backlog outlives its terminal event. */
  retainAfterEndMs: 5 * 60_000,
  /** Events a subscriber may have queued before it is cut off with EVENT_BUS_OVERFLOW. */
  queueLimit: 10_000,
} as const;

/**
 * The event bus: how runtime events travel from the executor (in any process) to SSE clients,
 * and how processes signal each other on named topics. Two implementations, memory.ts and
 * redis.ts (ioredis pub/sub); nothing else knows which one is in use, and both pass the same
 * contract suite (event-bus.contract.test.ts).
 */
import type { RuntimeEvent } from '@/lib/events';

export type EventFilter = { executionId: string } | { workflowId: string };

export type SubscribeOptions = {
  /**
   * Execution streams only: replay the retained events with `seq > afterSeq` before live ones,
   * with no gap and no duplicate (the `Last-Event-ID` of SSE).
   */
  afterSeq?: number;
  /** Ends the iteration and releases the subscription. */
  signal?: AbortSignal;
};

export interface EventBus {
  /**
   * Publishes an event to every subscriber in every process. Does not wait for delivery (the
   * executor must never block on a subscriber); the event is retained for replay per execution
   * (a bounded backlog, dropped some minutes after the execution ends).
   */
  publish(event: RuntimeEvent): void;
  /**
   * Events matching the filter, in publish order per execution. The subscription is live once
   * the returned iterable's first `next()` is called... or earlier: implementations subscribe
   * eagerly, so no event published after `subscribe` returns is missed.
   */
  subscribe(filter: EventFilter, options?: SubscribeOptions): AsyncIterable<RuntimeEvent>;
  /** The retained events of one execution with `seq > afterSeq`, oldest first. */
  backlog(executionId: string, afterSeq?: number): Promise<RuntimeEvent[]>;
  /** Sends a message on a named topic to listeners in every process (event triggers, emergency, live props). */
  send(topic: string, message: unknown): Promise<void>;
  /** Listens on a topic; returns the function that stops listening. */
  listen(topic: string, handler: (message: unknown) => void): () => void;
  /** Resolves once every event published so far has been handed to the transport. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

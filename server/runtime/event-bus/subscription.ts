/**
 * One subscriber's bounded queue, shared by both bus implementations: the publisher pushes
 * without ever waiting; the consumer pulls through async iteration. When the queue is full the
 * subscription ends with EVENT_BUS_OVERFLOW (and its queue is freed at once) instead of growing
 * without bound: the consumer resumes from the backlog, which the SSE layer does by reconnecting.
 */
import type { RuntimeEvent } from '@/lib/events';
import { EventBusError, type EventSubscription } from './event-bus';

type Waiter = {
  resolve(result: IteratorResult<RuntimeEvent>): void;
  reject(err: unknown): void;
};

const DONE: IteratorResult<RuntimeEvent> = { value: undefined, done: true };

export class QueueSubscription implements EventSubscription, AsyncIterator<RuntimeEvent> {
  ready: Promise<void> = Promise.resolve();
  private queue: RuntimeEvent[] = [];
  private head = 0;
  private capacity: number;
  private waiter: Waiter | null = null;
  /** Live events held back while a replay is being read (Redis). */
  private held: RuntimeEvent[] | null = null;
  /** After a replay: drop events with `seq <= lastSeq` (execution streams only). */
  private dedupe = false;
  private lastSeq = 0;
  private ended = false;
  private error: EventBusError | null = null;
  private readonly onAbort = () => this.end();

  constructor(
    private readonly limit: number,
    private readonly release: (sub: QueueSubscription) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.capacity = limit;
    if (signal?.aborted) this.ended = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Called by the bus for each live event; never blocks, never throws. */
  push(event: RuntimeEvent): void {
    if (this.ended) return;
    if (this.held) {
      if (this.held.length >= this.limit) this.overflow();
      else this.held.push(event);
      return;
    }
    if (this.dedupe) {
      if (event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
    }
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length - this.head >= this.capacity) return this.overflow();
    this.queue.push(event);
  }

  /** Holds live events back until `replay` (the backlog read that must come first). */
  hold(): void {
    this.held = [];
  }

  /**
   * Queues the retained events with `seq > afterSeq`, then the held live ones, each at most once.
   * Replayed events do not count against the live queue limit (the backlog bounds them).
   */
  replay(events: RuntimeEvent[], afterSeq: number): void {
    if (this.ended) return;
    const held = this.held ?? [];
    this.held = null;
    this.dedupe = true;
    this.lastSeq = afterSeq;
    this.capacity = this.limit + events.length;
    for (const event of events) this.push(event);
    for (const event of held) this.push(event);
  }

  /** Ends the subscription with an error the consumer sees on its next pull. */
  fail(error: EventBusError): void {
    if (this.ended) return;
    this.error = error;
    this.finish();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }

  /** Ends the subscription; the consumer sees the end of iteration. */
  end(): void {
    if (this.ended) return;
    this.finish();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve(DONE);
  }

  next(): Promise<IteratorResult<RuntimeEvent>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++]!;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.error) {
      const error = this.error;
      this.error = null;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<RuntimeEvent>> {
    this.end();
    this.queue = [];
    this.head = 0;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterator<RuntimeEvent> {
    return this;
  }

  private overflow(): void {
    this.fail(
      new EventBusError(
        'EVENT_BUS_OVERFLOW',
        `a subscriber fell more than ${this.limit} events behind and was cut off; resume from the backlog`,
      ),
    );
  }

  private finish(): void {
    this.ended = true;
    this.held = null;
    // Undelivered events are dropped only on failure; a plain end lets the consumer drain them.
    if (this.error) {
      this.queue = [];
      this.head = 0;
    }
    this.signal?.removeEventListener('abort', this.onAbort);
    this.release(this);
  }
}

/** A subscription that has already failed (e.g. subscribing to a closed bus). */
export function failedSubscription(error: EventBusError): QueueSubscription {
  const sub = new QueueSubscription(1, () => {});
  sub.fail(error);
  return sub;
}

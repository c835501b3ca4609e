/**
 * Server-sent events from the bus: one response per client, for one execution or one workflow.
 * Owns the ordering that leaves no gap and no duplicate; knows nothing of HTTP routing or query
 * parsing (server/http/events.ts does that).
 *
 * Frames: `event: <type>`, `id: <seq>`, `data: <json>`; first `event: snapshot` (an
 * ExecutionSnapshot). Workflow streams carry several executions, so their ids are
 * `<executionId>:<seq>`; a reconnect resumes the execution its Last-Event-ID names (replay if the
 * backlog still covers it) and gets fresh snapshots of the other unfinished ones; executions of
 * that workflow that finished while the client was away are not replayed.
 *
 * The response headers go out once the bus subscription is live: a client's `open` event means
 * that nothing published from then on is missed.
 *
 * Back-pressure: the stream waits for the socket to drain before it takes the next event, so a
 * slow client makes its bus subscription overflow; the stream then ends and the client
 * reconnects with its Last-Event-ID (no unbounded buffering anywhere).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionSnapshot, RuntimeEvent } from '@/lib/events';
import type { Logger } from '../../logger';
import { EventBusError, isTerminalEvent, type EventBus, type EventFilter } from './event-bus';

/**
 * Current statuses from the record (the database): for `{ executionId }` that execution (or
 * nothing if unknown), for `{ workflowId }` every execution of it that has not finished.
 */
export type SnapshotProvider = (filter: EventFilter) => Promise<ExecutionSnapshot[]>;

export type SseOptions = {
  bus: EventBus;
  snapshots: SnapshotProvider;
  log?: Logger;
  /** Interval of `: ping` comment lines (default 15 s). */
  heartbeatMs?: number;
  /** A client's socket is written at most once per this many ms; bursts coalesce (default 5). */
  coalesceMs?: number;
  /** The reconnect delay the stream asks the client for (default 1 s). */
  retryMs?: number;
  /**
   * A stream is closed after this long (0: never); the client reconnects at once with
   * Last-Event-ID and misses nothing. Keeps proxies from cutting streams at random and lets
   * clients spread over processes again.
   */
  maxStreamMs?: number;
};

export type StreamRequest = { filter: EventFilter; lastEventId?: string };

type Writer = {
  /** Writes one frame; resolves once the socket takes more (at once unless it is full). */
  event(event: RuntimeEvent | ExecutionSnapshot, id: string): Promise<void> | undefined;
  /** Writes what is held back for coalescing, and stops the timer. */
  close(): void;
};

/**
 * Streams events to `res` until the client goes away, the bus ends the subscription (overflow,
 * Redis loss, shutdown: the client then reconnects), or the server closes. Never throws.
 */
export async function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  { filter, lastEventId }: StreamRequest,
  options: SseOptions,
): Promise<void> {
  const { bus, log } = options;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  req.on('close', onClose);
  res.on('close', onClose);
  // 1. Subscribe first: everything published from here on is queued for this client.
  const sub = bus.subscribe(filter, { signal: gone.signal });
  // 2. Headers once the subscription is live, so the client's `open` means "nothing is missed
  // from now on". Sent even when subscribing failed: EventSource retries only after a 200.
  let live = true;
  await sub.ready.catch((err: unknown) => {
    live = false;
    log?.warn({ err, filter }, 'event stream: could not subscribe');
  });
  const stopTimers = openStream(req, res, gone, options);
  const writer = sseWriter(res, gone.signal, options.coalesceMs ?? 5);
  try {
    if (!live || gone.signal.aborted) return;
    // 3. Only now read the snapshot and backlog that the live events must follow.
    const dedupe =
      'executionId' in filter
        ? await startExecution(filter.executionId, lastEventId, writer, options)
        : await startWorkflow(filter.workflowId, lastEventId, writer, options);
    // 4. Live events, minus whatever the snapshot or backlog already covered.
    for await (const event of sub) {
      if (!dedupe(event)) continue;
      await writer.event(event, 'executionId' in filter ? String(event.seq) : idOf(event));
    }
  } catch (err) {
    if (!gone.signal.aborted) {
      const expected = err instanceof EventBusError;
      log?.[expected ? 'info' : 'warn'](
        { err, filter },
        'event stream ended; the client will reconnect',
      );
    }
  } finally {
    stopTimers();
    writer.close();
    gone.abort();
    req.off('close', onClose);
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}

const idOf = (e: { executionId: string; seq: number }) => `${e.executionId}:${e.seq}`;

/** Returns the filter of live events: true for those not sent yet. */
async function startExecution(
  executionId: string,
  lastEventId: string | undefined,
  writer: Writer,
  { bus, snapshots }: SseOptions,
): Promise<(event: RuntimeEvent) => boolean> {
  let lastSent = 0;
  const resumeAt = parseSeq(lastEventId);
  const resumed = resumeAt !== null && (await replayFrom(bus, executionId, resumeAt, writer));
  if (resumed !== false) lastSent = resumed;
  else {
    const [snapshot] = await snapshots({ executionId });
    if (snapshot) {
      await writer.event(snapshot, String(snapshot.seq));
      lastSent = snapshot.seq;
    }
    for (const event of await bus.backlog(executionId, lastSent)) {
      await writer.event(event, String(event.seq));
      lastSent = event.seq;
    }
  }
  return (event) => {
    if (event.seq <= lastSent) return false;
    lastSent = event.seq;
    return true;
  };
}

async function startWorkflow(
  workflowId: string,
  lastEventId: string | undefined,
  writer: Writer,
  { bus, snapshots }: SseOptions,
): Promise<(event: RuntimeEvent) => boolean> {
  const lastSent = new Map<string, number>();
  const resume = parseWorkflowId(lastEventId);
  if (resume) {
    const resumed = await replayFrom(bus, resume.executionId, resume.seq, writer, workflowId);
    if (resumed !== false) lastSent.set(resume.executionId, resumed);
  }
  for (const snapshot of await snapshots({ workflowId })) {
    if (lastSent.has(snapshot.executionId)) continue;
    await writer.event(snapshot, idOf(snapshot));
    let seq = snapshot.seq;
    for (const event of await bus.backlog(snapshot.executionId, seq)) {
      await writer.event(event, idOf(event));
      seq = event.seq;
    }
    lastSent.set(snapshot.executionId, seq);
  }
  return (event) => {
    const last = lastSent.get(event.executionId);
    if (last !== undefined && event.seq <= last) return false;
    // A finished execution sends nothing more: forget it, so the map stays small.
    if (isTerminalEvent(event)) lastSent.delete(event.executionId);
    else lastSent.set(event.executionId, event.seq);
    return true;
  };
}

/**
 * Replays `seq > after` if the backlog still holds the client's last event (or the one right
 * after it), so nothing in between can be missing. Returns the last seq sent, or false when the
 * backlog does not cover the gap (the caller sends a snapshot instead).
 */
async function replayFrom(
  bus: EventBus,
  executionId: string,
  after: number,
  writer: Writer,
  workflowId?: string,
): Promise<number | false> {
  const events = await bus.backlog(executionId, Math.max(0, after - 1));
  const first = events[0];
  if (!first || first.seq > after + 1) return false;
  if (workflowId !== undefined && first.workflowId !== workflowId) return false;
  let lastSent = after;
  for (const event of events) {
    if (event.seq <= lastSent) continue;
    await writer.event(event, workflowId === undefined ? String(event.seq) : idOf(event));
    lastSent = event.seq;
  }
  return lastSent;
}

function parseSeq(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

function parseWorkflowId(text: string | undefined) {
  const at = text?.lastIndexOf(':') ?? -1;
  if (!text || at <= 0) return null;
  const seq = parseSeq(text.slice(at + 1));
  return seq === null ? null : { executionId: text.slice(0, at), seq };
}

/**
 * Each event's JSON, made once however many clients stream it: both buses hand the same event
 * object to every local subscriber.
 */
const jsonOf = new WeakMap<object, string>();
function json(event: RuntimeEvent | ExecutionSnapshot): string {
  let text = jsonOf.get(event);
  if (text === undefined) jsonOf.set(event, (text = JSON.stringify(event)));
  return text;
}

/**
 * Frames go out at once, except that one client's socket is written at most once every
 * `coalesceMs`: under a burst, the frames of that window leave together in one write (one
 * syscall instead of one per event), which is what lets one thread feed 100 clients 1,000
 * events/s each. A client that gets fewer than 1,000 / coalesceMs events/s never waits.
 */
export function sseWriter(res: ServerResponse, gone: AbortSignal, coalesceMs: number): Writer {
  let held = '';
  let timer: NodeJS.Timeout | null = null;
  let lastWrite = -Infinity;
  const flush = () => {
    timer = null;
    if (held && !gone.aborted) res.write(held);
    held = '';
    lastWrite = performance.now();
  };
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        gone.removeEventListener('abort', done);
        resolve();
      };
      res.on('drain', done);
      gone.addEventListener('abort', done);
    });
  return {
    event(event, id) {
      // JSON.stringify never emits a raw newline, so one data: line is always enough.
      const frame = `event: ${event.type}\nid: ${id}\ndata: ${json(event)}\n\n`;
      const now = performance.now();
      if (timer === null && now - lastWrite >= coalesceMs) {
        res.write(frame);
        lastWrite = now;
      } else {
        held += frame;
        timer ??= setTimeout(flush, coalesceMs - (now - lastWrite));
      }
      // Ask the response itself: a flag kept from an earlier write may have drained already.
      return res.writableNeedDrain && !gone.aborted ? drained() : undefined;
    },
    close() {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}

/**
 * Answers 200 with the SSE headers and the retry hint, then keeps the stream alive (`: ping`)
 * and ends it after `maxStreamMs` (the client reconnects). Returns what stops the timers.
 */
function openStream(
  req: IncomingMessage,
  res: ServerResponse,
  gone: AbortController,
  options: Pick<SseOptions, 'heartbeatMs' | 'retryMs' | 'maxStreamMs'>,
) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  res.write(`retry: ${options.retryMs ?? 1_000}\n\n`);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const expiry = options.maxStreamMs ? setTimeout(() => gone.abort(), options.maxStreamMs) : null;
  expiry?.unref();
  return () => {
    clearInterval(heartbeat);
    if (expiry) clearTimeout(expiry);
  };
}

/** Events a slow client may have waiting before its stream ends (it reconnects and reloads). */
const TOPIC_QUEUE_LIMIT = 10_000;

/**
 * Streams the messages of a bus topic (runtime events every process sends there: every
 * workflow's approval events, the execution-level events of the history list) as SSE frames,
 * those `accept` lets through, until the client goes away. No snapshot and no replay: the client
 * reads the current list on open and refetches on each event. A client too slow to keep up has
 * its stream ended (it reconnects and reloads) rather than buffered for without bound.
 */
export async function streamTopic(
  req: IncomingMessage,
  res: ServerResponse,
  topic: string,
  options: Pick<SseOptions, 'bus' | 'log' | 'heartbeatMs' | 'retryMs' | 'maxStreamMs'> & {
    accept?: (event: RuntimeEvent) => boolean;
  },
): Promise<void> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  req.on('close', onClose);
  res.on('close', onClose);
  const queue: RuntimeEvent[] = [];
  let wake: (() => void) | null = null;
  let overflow = false;
  const unlisten = options.bus.listen(topic, (message) => {
    const event = message as RuntimeEvent;
    if (typeof event?.type !== 'string' || (options.accept && !options.accept(event))) return;
    if (queue.length >= TOPIC_QUEUE_LIMIT) overflow = true;
    else queue.push(event);
    wake?.();
  });
  const stop = () => wake?.();
  gone.signal.addEventListener('abort', stop);
  // Headers once the listener is live: the client's `open` means nothing from now on is missed.
  let live = true;
  await unlisten.ready.catch((err: unknown) => {
    live = false;
    options.log?.warn({ err, topic }, 'event stream: could not listen');
  });
  const stopTimers = openStream(req, res, gone, options);
  const writer = sseWriter(res, gone.signal, 5);
  try {
    while (live && !gone.signal.aborted && !overflow) {
      const event = queue.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      await writer.event(event, idOf(event));
    }
  } finally {
    stopTimers();
    unlisten();
    writer.close();
    gone.signal.removeEventListener('abort', stop);
    gone.abort();
    req.off('close', onClose);
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}

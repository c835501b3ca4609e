/**
 * The execution feed: execution-level events (started, completed, failed, halted, resumed,
 * cancelled) of every workflow, for the history list (`GET /api/events?scope=executions`).
 *
 * The bus routes events per execution and per workflow; a list of every workflow would have to
 * watch them all. So the runtime also sends each execution-level event on one topic (a few per
 * execution; node events, the bulk, never go there) and the feed listens to it: in every process,
 * over Redis too. No snapshot and no replay: the list reads the database for what came before,
 * and a reconnecting client reloads its first page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeEvent } from '@/lib/events';
import type { Logger } from '../../logger';
import type { EventBus } from './event-bus';
import { sseWriter } from './sse';

export const EXECUTION_FEED_TOPIC = 'history:executions';

const executionLevel = new Set<RuntimeEvent['type']>([
  'execution_started',
  'execution_completed',
  'execution_failed',
  'execution_halted',
  'execution_resumed',
  'execution_cancelled',
]);

export const isExecutionLevel = (event: RuntimeEvent) => executionLevel.has(event.type);

/**
 * The bus the executor publishes to: the same bus, whose `publish` also sends execution-level
 * events to the feed topic. (Memory bus: nothing happens without a listener.)
 */
export function withExecutionFeed(bus: EventBus, log: Logger): EventBus {
  return Object.create(bus, {
    publish: {
      value(event: RuntimeEvent) {
        bus.publish(event);
        if (executionLevel.has(event.type))
          bus
            .send(EXECUTION_FEED_TOPIC, event)
            .catch((err: unknown) => log.warn({ err }, 'execution feed: could not send'));
      },
    },
  }) as EventBus;
}

/** Events a slow client may have waiting before its stream ends (it reconnects and reloads). */
const QUEUE_LIMIT = 10_000;

/** Streams the feed (of one workflow, or all) until the client goes away. Never throws. */
export async function streamExecutionFeed(
  req: IncomingMessage,
  res: ServerResponse,
  filter: { workflowId?: string },
  options: { bus: EventBus; log?: Logger; heartbeatMs?: number; retryMs?: number },
): Promise<void> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  req.on('close', onClose);
  res.on('close', onClose);
  const queue: RuntimeEvent[] = [];
  let wake: (() => void) | null = null;
  let overflow = false;
  const unlisten = options.bus.listen(EXECUTION_FEED_TOPIC, (message) => {
    const event = message as RuntimeEvent;
    if (filter.workflowId !== undefined && event.workflowId !== filter.workflowId) return;
    if (queue.length >= QUEUE_LIMIT) overflow = true;
    else queue.push(event);
    wake?.();
  });
  const stop = () => wake?.();
  gone.signal.addEventListener('abort', stop);
  let live = true;
  await unlisten.ready.catch((err: unknown) => {
    live = false;
    options.log?.warn({ err }, 'execution feed: could not listen');
  });
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
  const writer = sseWriter(res, gone.signal, 5);
  try {
    while (live && !gone.signal.aborted && !overflow) {
      const event = queue.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      await writer.event(event, `${event.executionId}:${event.seq}`);
    }
  } finally {
    clearInterval(heartbeat);
    unlisten();
    writer.close();
    gone.signal.removeEventListener('abort', stop);
    gone.abort();
    req.off('close', onClose);
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}

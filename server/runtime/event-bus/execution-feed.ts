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
import { executionEventTypes, type RuntimeEvent } from '@/lib/events';
import type { Logger } from '../../logger';
import type { EventBus } from './event-bus';
import { streamTopic } from './sse';

export const EXECUTION_FEED_TOPIC = 'history:executions';

const executionLevel = new Set<RuntimeEvent['type']>(executionEventTypes);

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

/** Streams the feed (of one workflow, or all) until the client goes away. Never throws. */
export function streamExecutionFeed(
  req: IncomingMessage,
  res: ServerResponse,
  filter: { workflowId?: string },
  options: Parameters<typeof streamTopic>[3],
): Promise<void> {
  return streamTopic(req, res, EXECUTION_FEED_TOPIC, {
    ...options,
    accept: (e) => filter.workflowId === undefined || e.workflowId === filter.workflowId,
  });
}

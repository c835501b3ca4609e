/**
 * The event bus for this process: Redis when a URL is given (or REDIS_URL is set), so every
 * process and worker shares events and topics; otherwise the in-process memory bus.
 */
import type { Logger } from '../../logger';
import type { EventBus } from './event-bus';
import { createMemoryEventBus } from './memory';
import { createRedisEventBus } from './redis';

export * from './event-bus';
export { createMemoryEventBus, type MemoryEventBusOptions } from './memory';
export { createRedisEventBus, type RedisEventBusOptions } from './redis';
export { streamEvents, type SnapshotProvider, type SseOptions, type StreamRequest } from './sse';

export type CreateEventBusOptions = {
  /** Redis URL; defaults to REDIS_URL. An empty string forces the memory bus. */
  redisUrl?: string;
  log: Logger;
};

export function createEventBus({ redisUrl, log }: CreateEventBusOptions): EventBus {
  const url = redisUrl ?? process.env.REDIS_URL;
  if (url) {
    log.info({ bus: 'redis' }, 'event bus: Redis');
    return createRedisEventBus({ url, log });
  }
  return createMemoryEventBus({ log });
}

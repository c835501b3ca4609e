/**
 * Event buses for contract tests: suites that need a bus run once per backend through
 * `describe.each(eventBusBackends)`. Memory always; Redis too when `REDIS_URL` is set, each
 * `world()` under a key prefix of its own (parallel runs never collide) that is deleted by
 * `cleanup()`. Buses opened from one world share it, like processes sharing one Redis.
 */
import { Redis } from 'ioredis';
import { customAlphabet } from 'nanoid';
import type { RuntimeEvent } from '@/lib/events';
import type { EventBus } from '../runtime/event-bus/event-bus';
import { createMemoryEventBus, type MemoryEventBusOptions } from '../runtime/event-bus/memory';
import { createRedisEventBus } from '../runtime/event-bus/redis';
import { logger } from '../logger';

const suffix = customAlphabet('abcdefghijklmnopqrstuvwxyz0123456789', 10);

export type BusOptions = Pick<
  MemoryEventBusOptions,
  'backlogLimit' | 'retainAfterEndMs' | 'queueLimit'
>;

export type BusWorld = {
  /** Key and channel prefix of this world (Redis). */
  prefix: string;
  /** A new bus in this world: on Redis, another "process" that sees the others' events. */
  open(options?: BusOptions): EventBus;
  /** Closes every bus opened here and deletes the world's keys. */
  cleanup(): Promise<void>;
};

export type EventBusBackend = { name: 'memory' | 'redis'; world(): BusWorld };

function memoryBackend(): EventBusBackend {
  return {
    name: 'memory',
    world() {
      const buses: EventBus[] = [];
      return {
        prefix: '',
        open(options) {
          const bus = createMemoryEventBus(options);
          buses.push(bus);
          return bus;
        },
        cleanup: async () => void (await Promise.all(buses.map((b) => b.close()))),
      };
    },
  };
}

function redisBackend(url: string): EventBusBackend {
  return {
    name: 'redis',
    world() {
      const prefix = `fdtest:${suffix()}:`;
      const buses: EventBus[] = [];
      return {
        prefix,
        open(options) {
          const bus = createRedisEventBus({ url, log: logger, prefix, ...options });
          buses.push(bus);
          return bus;
        },
        async cleanup() {
          await Promise.all(buses.map((b) => b.close()));
          const redis = new Redis(url);
          try {
            const keys = await redis.keys(`${prefix}*`);
            if (keys.length > 0) await redis.del(...keys);
          } finally {
            redis.disconnect();
          }
        },
      };
    },
  };
}

export const eventBusBackends: EventBusBackend[] = [
  memoryBackend(),
  ...(process.env.REDIS_URL ? [redisBackend(process.env.REDIS_URL)] : []),
];

/** A `node_started` event (or any type's fields, through `extra`) for tests. */
export function testEvent(
  executionId: string,
  workflowId: string,
  seq: number,
  extra: Partial<RuntimeEvent> = {},
): RuntimeEvent {
  return {
    executionId,
    workflowId,
    seq,
    ts: Date.now(),
    type: 'node_started',
    nodeId: `n${seq}`,
    nodeType: 'log',
    attempt: 1,
    ...extra,
  } as RuntimeEvent;
}

/**
 * An executor alone, for unit tests of execution behaviour: the test node types, checkpoints and
 * events in memory, no database, no runtime around it.
 */
import { logger } from '../logger';
import { createCheckpointWriter, createMemoryCheckpointStore } from '../runtime/checkpoint';
import { createMemoryEventBus } from '../runtime/event-bus/memory';
import { createExecutor, type ExecutorDeps } from '../runtime/executor';
import { createCircuitBreakers } from '../runtime/resilience/circuit-breaker';
import { createMemoryState } from '../runtime/state';
import { testRegistry } from './test-nodes';

export function createMemoryExecutor(deps: Partial<ExecutorDeps> = {}) {
  const log = logger.child({}, { level: 'silent' });
  const store = createMemoryCheckpointStore();
  const writer = createCheckpointWriter(store, { log, maxDelayMs: 0 });
  const state = createMemoryState();
  const executor = createExecutor({
    registry: testRegistry,
    writer,
    bus: createMemoryEventBus({ maxRetainedEvents: 1_000 }),
    logger: log,
    breakers: createCircuitBreakers({ failureThreshold: 5, cooldownMs: 30_000 }),
    state: () => state,
    publish: async () => {},
    owner: 'test',
    ...deps,
  });
  return { executor, writer, store };
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client';
import { logger } from '../../logger';
import { eventBusBackends, type BusWorld } from '../../testing/event-buses';
import { createEmergency } from '../emergency';
import type { EventBus } from '../event-bus/event-bus';

/**
 * `set(HALT)` returns once every other live process confirmed it, so an operator's "HALT done"
 * holds everywhere. Two controllers on one database and two buses of one world stand in for two
 * processes (on Redis, two real connections).
 */
describe.each(eventBusBackends)('emergency confirmations on the $name bus', ({ name, world }) => {
  let database: Database;
  let w: BusWorld;
  let shared: EventBus | null = null;
  // Memory buses are per process: two controllers in one process share one.
  const bus = () => (name === 'memory' ? (shared ??= w.open()) : w.open());
  const silent = logger.child({}, { level: 'silent' });
  const open = (owner: string, peers: string[] = [], ackTimeoutMs?: number) =>
    createEmergency({
      db: database.db,
      bus: bus(),
      log: silent,
      owner,
      peers: async () => peers,
      ackTimeoutMs,
    });

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
  });
  afterEach(async () => {
    await w?.cleanup();
    shared = null;
  });
  afterAll(() => database?.close());

  it('HALT returns once the other process obeys it', async () => {
    w = world();
    const b = await open('rt_b');
    const a = await open('rt_a', ['rt_b']);
    const halted = await a.set({ level: 'HALT', reason: 'venue down', actor: 'ops', source: 'ui' });
    expect(halted.confirmation).toEqual({ processes: 2, confirmed: 2 });
    // Not "eventually": already, when set returned.
    expect(b.level()).toBe('HALT');
    expect(b.get()).toMatchObject({ reason: 'venue down', setBy: 'ops' });
    await a.set({ level: 'NORMAL', reason: 'fixed', actor: 'ops', source: 'ui' });
    a.close();
    b.close();
  });

  it('a process that never answers delays HALT only by the timeout, and is reported', async () => {
    w = world();
    const a = await open('rt_a', ['rt_gone'], 150);
    const started = performance.now();
    const halted = await a.set({ level: 'HALT', reason: 'drill', actor: 'ops', source: 'ui' });
    expect(halted.confirmation).toEqual({ processes: 2, confirmed: 1 });
    expect(a.level()).toBe('HALT');
    expect(performance.now() - started).toBeLessThan(5_000);
    // Going back to NORMAL waits for nobody.
    const normal = await a.set({
      level: 'NORMAL',
      reason: 'drill over',
      actor: 'ops',
      source: 'ui',
    });
    expect(normal.confirmation).toBeNull();
    a.close();
  });
});

/**
 * How fast HALT takes hold in one process (issue 7). A workflow ticks every 10 ms (interval
 * trigger → 3 ms pure node → side-effect node, runs overlapping); each trial lets it run, calls
 * `emergency.set(HALT)`, watches 25 ms, and goes back to NORMAL. Every node run is timed at its
 * start (performance.now, in the node's `run`). Figures:
 *  - the time from `set` returning to the last node start after it (0 when none started);
 *  - side-effect node starts after `set` returned, summed over all trials (goal 0).
 * PGlite in memory and the memory bus; BENCH_TRIALS sets the trial count (default 1,000).
 */
import { openDatabase } from '../server/db/client';
import { logger } from '../server/logger';
import type { AnyNodeDefinition } from '../server/nodes/define-node';
import { createEventBus } from '../server/runtime/event-bus';
import { edge, node, startTestRuntime } from '../server/testing/runtime';
import { testRegistry } from '../server/testing/test-nodes';
import { haltFigures, percentile, report } from './report';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 1_000);
const WATCH_MS = 25;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run() {
  const silent = logger.child({}, { level: 'silent' });
  const starts: { t: number; sideEffect: boolean }[] = [];
  const registry: Record<string, AnyNodeDefinition> = {};
  for (const [type, def] of Object.entries(testRegistry)) {
    registry[type] = {
      ...def,
      run: (ctx) => {
        starts.push({ t: performance.now(), sideEffect: def.sideEffects === true });
        return def.run(ctx);
      },
    } as AnyNodeDefinition;
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  const t = await startTestRuntime(database, {
    bus: createEventBus({ redisUrl: '', log: silent }),
    log: silent,
    registry,
    catalog: registry,
  });
  const { runtime } = t;
  try {
    const saved = await t.save({
      name: 'Bench: emergency',
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 10 }),
        node('work', 'test-slow', { ms: 3 }),
        node('order', 'test-effect', { log: 'bench' }),
      ],
      edges: [edge('tick', 'work'), edge('work', 'order')],
      settings: { concurrency: 'parallel' },
    });
    await runtime.activate(saved.id);

    const lastStart: number[] = [];
    let sideEffectsAfter = 0;
    let trialsWithStartsAfter = 0;
    let startsBefore = 0;
    const setMs: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await sleep(20 + (i % 10)); // land HALT at different phases of the 10 ms tick
      const called = performance.now();
      startsBefore += starts.filter((s) => s.t > called - 20).length;
      starts.length = 0;
      await runtime.emergency.set({
        level: 'HALT',
        reason: 'bench',
        actor: 'bench',
        source: 'api',
      });
      const returned = performance.now();
      setMs.push(returned - called);
      await sleep(WATCH_MS);
      const after = starts.filter((s) => s.t > returned);
      if (after.length > 0) trialsWithStartsAfter += 1;
      sideEffectsAfter += after.filter((s) => s.sideEffect).length;
      lastStart.push(Math.max(0, ...after.map((s) => s.t - returned)));
      await runtime.emergency.set({
        level: 'NORMAL',
        reason: 'bench',
        actor: 'bench',
        source: 'api',
      });
    }
    report([
      {
        bench: 'emergency: node starts in the 20 ms before HALT, mean (load check)',
        value: Math.round((startsBefore / TRIALS) * 10) / 10,
        unit: 'starts',
      },
      { bench: 'emergency: set(HALT) call, p50', value: percentile(setMs, 50), unit: 'ms' },
      ...haltFigures('emergency', '', TRIALS, {
        lastStart,
        trialsWithStartsAfter,
        sideEffectsAfter,
      }),
    ]);
  } finally {
    await t.close();
    await t.bus.close();
    await database.close();
  }
}

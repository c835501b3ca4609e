/**
 * How fast a live edit takes hold (issue 6; goal: within 200 ms). A workflow ticks every 10 ms
 * (interval trigger → test source → threshold check → log, runs overlapping); each trial calls
 * `runtime.patchProps` through the tRPC caller with a new threshold and measures the time from
 * its return to the first threshold-check run that reads the new value (timed at the start of
 * the node's `run`; 0 when a run already used it before the call returned). Also the time of the
 * patch call itself (validation, one transaction with its audit rows, the broadcast).
 * PGlite in memory and the memory bus; BENCH_TRIALS sets the trial count (default 500).
 */
import { openDatabase } from '../server/db/client';
import { logger } from '../server/logger';
import type { AnyNodeDefinition } from '../server/nodes/define-node';
import { createEventBus } from '../server/runtime/event-bus';
import { edge, node, startTestRuntime } from '../server/testing/runtime';
import { testRegistry } from '../server/testing/test-nodes';
import { percentile, report } from './report';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 500);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run() {
  const silent = logger.child({}, { level: 'silent' });
  const uses: { t: number; threshold: number }[] = [];
  const check = testRegistry['threshold-check']!;
  const registry: Record<string, AnyNodeDefinition> = {
    ...testRegistry,
    'threshold-check': {
      ...check,
      run: (ctx) => {
        uses.push({ t: performance.now(), threshold: Number(ctx.props.threshold) });
        return check.run(ctx);
      },
    } as AnyNodeDefinition,
  };
  const database = await openDatabase({ dataDir: 'memory://' });
  const t = await startTestRuntime(database, {
    bus: createEventBus({ redisUrl: '', log: silent }),
    log: silent,
    registry,
    catalog: registry,
  });
  const { runtime, api } = t;
  try {
    const saved = await t.save({
      name: 'Bench: live props',
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 10 }),
        node('source', 'test-source', { value: 5 }),
        node('check', 'threshold-check', { threshold: 10 }),
        node('log', 'log', { level: 'debug' }),
      ],
      edges: [edge('tick', 'source'), edge('source', 'check'), edge('check', 'log', 'above')],
      settings: { concurrency: 'parallel' },
    });
    const workflowId = saved.id;
    await runtime.activate(workflowId);
    await sleep(100);

    const toUse: number[] = [];
    const call: number[] = [];
    let missed = 0;
    for (let i = 0; i < TRIALS; i++) {
      await sleep(i % 10); // land the patch at different phases of the 10 ms tick
      const threshold = 1_000 + i;
      const called = performance.now();
      await api.runtime.patchProps({ workflowId, nodeId: 'check', props: { threshold } });
      const returned = performance.now();
      call.push(returned - called);
      const deadline = returned + 1_000;
      let used: { t: number } | undefined;
      while (!(used = uses.find((u) => u.threshold === threshold)) && performance.now() < deadline)
        await sleep(1);
      if (!used) missed++;
      else toUse.push(Math.max(0, used.t - returned));
      uses.length = 0;
    }
    await runtime.deactivate(workflowId, { overrides: 'discard' });

    report([
      {
        bench: 'live-props patch → first node run using it p50',
        value: percentile(toUse, 50),
        unit: 'ms',
      },
      {
        bench: 'live-props patch → first node run using it p95',
        value: percentile(toUse, 95),
        unit: 'ms',
      },
      {
        bench: 'live-props patch → first node run using it p99',
        value: percentile(toUse, 99),
        unit: 'ms',
      },
      {
        bench: 'live-props patch → first node run using it max',
        value: percentile(toUse, 100),
        unit: 'ms',
      },
      { bench: 'live-props patchProps call p50', value: percentile(call, 50), unit: 'ms' },
      { bench: 'live-props patchProps call p95', value: percentile(call, 95), unit: 'ms' },
      {
        bench: 'live-props trials without a run using the value within 1 s',
        value: missed,
        unit: 'trials',
      },
    ]);
  } finally {
    await t.close();
    await t.bus.close();
    await database.close();
  }
}

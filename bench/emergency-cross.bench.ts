/**
 * How fast HALT takes hold in another process (issue 7: goal < 250 ms across two processes on
 * Redis). A second runtime runs in a child process (server/testing/runtime-process.ts) on the
 * same Postgres database and Redis, with a workflow ticking every 10 ms (interval trigger → 3 ms
 * pure node → side-effect node). This process sets HALT through its own runtime, as the panel
 * does; the child learns of it from the Redis broadcast (its heartbeat re-read is set to 5 s, the
 * production default, so it cannot mask a slow broadcast). The child prints each node start with
 * its clock (performance.timeOrigin + now: same machine, sub-millisecond). Figures:
 *  - how long `set` takes: it returns once every live process confirmed the change (or 500 ms);
 *  - the time from `set` returning here to the last node start in the child (0 when none);
 *  - side-effect node starts in the child after `set` returned, over all trials (goal 0).
 * Needs DATABASE_URL and REDIS_URL; BENCH_TRIALS sets the trial count (default 200).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../server/db/client';
import { workflows } from '../server/db/schema';
import { logger } from '../server/logger';
import { createEventBus } from '../server/runtime/event-bus';
import { createScratchPostgres } from '../server/testing/databases';
import { edge, node, startTestRuntime } from '../server/testing/runtime';
import { haltFigures, percentile, report } from './report';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 200);
const WATCH_MS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Epoch milliseconds with a fraction, comparable with the child's stamps (same machine clock). */
const now = () => performance.timeOrigin + performance.now();

export async function run() {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL) {
    console.log(
      'emergency-cross: needs DATABASE_URL and REDIS_URL (two processes share them); skipped',
    );
    return;
  }
  const silent = logger.child({}, { level: 'silent' });
  const scratch = await createScratchPostgres(DATABASE_URL);
  const database = await openDatabase({ url: scratch.url });
  const t = await startTestRuntime(database, {
    bus: createEventBus({ redisUrl: REDIS_URL, log: silent }),
    log: silent,
  });
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const saved = await t.save({
      name: 'Bench: emergency across processes',
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 10 }),
        node('work', 'test-slow', { ms: 3 }),
        node('order', 'test-effect', { log: 'bench' }),
      ],
      edges: [edge('tick', 'work'), edge('work', 'order')],
      settings: { concurrency: 'parallel' },
    });
    // Active in the database only: the child arms it when it starts; this process runs nothing.
    await database.db.update(workflows).set({ isActive: true }).where(eq(workflows.id, saved.id));

    const starts: { t: number; nodeId: string }[] = [];
    child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/runtime-process.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: scratch.url,
        LOG_LEVEL: 'silent',
        HEARTBEAT_MS: '5000',
        REPORT_NODE_STARTS: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        const [word, nodeId, at] = line.split(' ');
        if (word === 'ready') resolve();
        if (word === 'start') starts.push({ nodeId: nodeId!, t: Number(at) });
      });
      child!.on('exit', (code) => reject(new Error(`the runtime process exited (${code})`)));
    });
    const until = Date.now() + 10_000;
    while (starts.length < 20) {
      if (Date.now() > until) throw new Error('the child runtime never ticked');
      await sleep(20);
    }

    const lastStart: number[] = [];
    let sideEffectsAfter = 0;
    let trialsWithStartsAfter = 0;
    let startsBefore = 0;
    let unconfirmed = 0;
    const setMs: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await sleep(60 + (i % 10)); // let it tick; land HALT at different phases of the tick
      const called = now();
      startsBefore += starts.filter((s) => s.t > called - 50).length;
      starts.length = 0;
      const { confirmation } = await t.runtime.emergency.set({
        level: 'HALT',
        reason: 'bench',
        actor: 'bench',
        source: 'api',
      });
      const returned = now();
      setMs.push(returned - called);
      if (!confirmation || confirmation.confirmed < confirmation.processes) unconfirmed += 1;
      await sleep(WATCH_MS);
      const after = starts.filter((s) => s.t > returned);
      if (after.length > 0) trialsWithStartsAfter += 1;
      sideEffectsAfter += after.filter((s) => s.nodeId === 'order').length;
      lastStart.push(Math.max(0, ...after.map((s) => s.t - returned)));
      await t.runtime.emergency.set({
        level: 'NORMAL',
        reason: 'bench',
        actor: 'bench',
        source: 'api',
      });
    }
    report([
      {
        bench: 'emergency-cross: child node starts in the 50 ms before HALT, mean (load check)',
        value: Math.round((startsBefore / TRIALS) * 10) / 10,
        unit: 'starts',
      },
      {
        bench: 'emergency-cross: set(HALT) until the other process confirmed, p50',
        value: percentile(setMs, 50),
        unit: 'ms',
      },
      {
        bench: 'emergency-cross: set(HALT) until the other process confirmed, p99',
        value: percentile(setMs, 99),
        unit: 'ms',
      },
      {
        bench: 'emergency-cross: trials the other process did not confirm in time',
        value: unconfirmed,
        unit: `of ${TRIALS}`,
      },
      ...haltFigures('emergency-cross', ' in the other process', TRIALS, {
        lastStart,
        trialsWithStartsAfter,
        sideEffectsAfter,
      }),
    ]);
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await t.close();
    await t.bus.close();
    await database.close();
    await scratch.drop();
  }
}

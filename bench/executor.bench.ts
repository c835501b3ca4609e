/**
 * Executor throughput and latency on the 5-node workflow of issue 4 (manual trigger → set fields
 * → threshold → transform → log), events on:
 *  1. in-process, history in memory;
 *  2. every node run recorded in the database (group commit): PGlite, and Postgres when
 *     DATABASE_URL is set.
 * Latency is one execution at a time (start → recorded); throughput keeps 50 in flight.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { logger } from '../server/logger';
import { nodeRegistry } from '../server/nodes/registry';
import {
  createCheckpointWriter,
  createDbCheckpointStore,
  createMemoryCheckpointStore,
  type CheckpointStore,
} from '../server/runtime/checkpoint';
import { createMemoryEventBus } from '../server/runtime/event-bus/memory';
import { createExecutionLogWriter, type ExecutionLogSink } from '../server/runtime/execution-logs';
import { createExecutor } from '../server/runtime/executor';
import { checkpointOptions } from '../server/runtime/runtime';
import { createCircuitBreakers } from '../server/runtime/resilience/circuit-breaker';
import { createMemoryState } from '../server/runtime/state';
import type { Workflow } from '../lib/workflow';
import { workflows } from '../server/db/schema';
import { databaseBackends } from '../server/testing/databases';
import { node } from '../server/testing/runtime';
import { quoteGraph } from './quote-workflow';
import { percentile, report, type Figure } from './report';

const silent = logger.child({}, { level: 'silent' });

const workflow: Workflow = {
  id: 'wf_bench',
  name: 'Bench: 5 nodes',
  description: '',
  version: 1,
  settings: {},
  ...quoteGraph(node('trigger', 'manual-trigger'), 'price'),
};

/** In memory: keeps nothing, but costs what the executor pays to ask (the log node logs at debug). */
const discardLogs: ExecutionLogSink = {
  enabled: (level) => level !== 'debug',
  line: () => {},
  finished: () => {},
};

function setup(
  store: CheckpointStore,
  maxDelayMs: number,
  db?: Parameters<typeof createExecutionLogWriter>[0]['db'],
  maxInFlight = 1,
) {
  const bus = createMemoryEventBus({ maxRetainedEvents: 100_000 });
  const writer = createCheckpointWriter(store, { log: silent, maxDelayMs, maxInFlight });
  // As the runtime wires it: execution log lines kept in the database at info and above.
  const kept = db
    ? createExecutionLogWriter({
        db,
        log: silent,
        beforeWrite: (ids) => Promise.all(ids.map((id) => writer.flush(id))).then(() => {}),
      })
    : null;
  const logs = kept ?? discardLogs;
  const state = createMemoryState();
  const executor = createExecutor({
    registry: nodeRegistry,
    writer,
    bus,
    logger: silent,
    breakers: createCircuitBreakers({ failureThreshold: 5, cooldownMs: 30_000 }),
    state: () => state,
    publish: async () => {},
    owner: 'bench',
    logs,
    onFinished: (run) => logs.finished(run.id),
  });
  let n = 0;
  const once = async () => {
    const run = executor.start({ workflow, trigger: 'manual', input: { price: 101 + (n++ % 10) } });
    const record = await run.done;
    if (record.status !== 'succeeded')
      throw new Error(`bench execution ${record.status}: ${JSON.stringify(record.error)}`);
  };
  return {
    once,
    close: async () => {
      await kept?.close();
      await bus.close();
    },
  };
}

async function latency(once: () => Promise<void>, count: number) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  return {
    mean: Math.round((samples.reduce((a, b) => a + b, 0) / samples.length) * 1000) / 1000,
    p99: percentile(samples, 99),
  };
}

/** CPU seconds (user + system) a local process has used so far; null where /proc is missing. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Executions per second with `concurrency` in flight, and the process's CPU time per execution
 * (user + system, GC threads included): on a shared machine the second moves much less than the
 * first when other work takes the cores.
 */
async function throughput(
  once: () => Promise<void>,
  concurrency: number,
  seconds: number,
  dbPids: number[] = [],
) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      await once();
      done++;
    }
  };
  const t = performance.now();
  const cpu = process.cpuUsage();
  const dbBefore = dbPids.map(cpuSeconds);
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  const dbAfter = dbPids.map(cpuSeconds);
  const dbUsed = dbAfter.reduce<number>((sum, s, i) => sum + (s ?? 0) - (dbBefore[i] ?? 0), 0);
  return {
    perSecond: Math.round(done / ((performance.now() - t) / 1000)),
    cpuMicros: Math.round(((used.user + used.system) / done) * 10) / 10,
    dbCpuMicros: Math.round((dbUsed / done) * 1e7) / 10,
  };
}

export async function run() {
  const figures: Figure[] = [];
  const memory = setup(createMemoryCheckpointStore(), 0);
  await throughput(memory.once, 50, 1); // warm up
  const lat = await latency(memory.once, 5_000);
  const memoryRate = await throughput(memory.once, 50, 3);
  figures.push(
    { bench: 'executor in memory: one execution, mean', value: lat.mean, unit: 'ms' },
    { bench: 'executor in memory: one execution, p99', value: lat.p99, unit: 'ms' },
    {
      bench: 'executor in memory: throughput at 50 concurrent',
      value: memoryRate.perSecond,
      unit: 'executions/s',
    },
    {
      bench: 'executor in memory: CPU per execution at 50 concurrent',
      value: memoryRate.cpuMicros,
      unit: 'µs',
    },
  );
  await memory.close();

  for (const backend of process.env.BENCH_MEMORY_ONLY ? [] : databaseBackends) {
    const database = await backend.open();
    try {
      // Executions reference their workflow: store it first.
      await database.db
        .insert(workflows)
        .values({ id: workflow.id, name: workflow.name, version: 1, definition: workflow });
      // Checkpoints as the server writes them.
      const { checkpoints, checkpointConcurrency } = checkpointOptions(database);
      const recorded = setup(
        createDbCheckpointStore(database.db, checkpoints),
        2,
        database.db,
        checkpointConcurrency,
      );
      await throughput(recorded.once, 50, 1);
      const dbLat = await latency(recorded.once, 500);
      // The Postgres server processes of this database's connections (a local server).
      const pids =
        backend.name === 'postgres'
          ? (
              (await database.db.execute(
                sql`select pid from pg_stat_activity where datname = current_database()`,
              )) as unknown as { pid: number }[]
            ).map((r) => Number(r.pid))
          : [];
      const rate = await throughput(recorded.once, 50, 3, pids);
      figures.push(
        {
          bench: `executor recorded on ${backend.name}: one execution, p99`,
          value: dbLat.p99,
          unit: 'ms',
        },
        {
          bench: `executor recorded on ${backend.name}: throughput at 50 concurrent`,
          value: rate.perSecond,
          unit: 'executions/s',
        },
        {
          bench: `executor recorded on ${backend.name}: CPU per execution at 50 concurrent (this process${backend.name === 'pglite' ? ', PGlite included' : ''})`,
          value: rate.cpuMicros,
          unit: 'µs',
        },
        ...(pids.length > 0
          ? [
              {
                bench: `executor recorded on ${backend.name}: Postgres CPU per execution at 50 concurrent`,
                value: rate.dbCpuMicros,
                unit: 'µs',
              },
            ]
          : []),
      );
      await recorded.close();
    } finally {
      await database.close();
    }
  }
  report(figures);
}

/**
 * Webhook → 5 nodes → response over HTTP, against the production server (`npm run build` first):
 * `node dist/server.mjs` in a child process on PGlite (a fresh data directory) and, when
 * DATABASE_URL is set, on Postgres (a scratch database, dropped afterwards). The workflow is made
 * through the tRPC API: webhook trigger (`bench/quote`, answers when finished) → set fields →
 * threshold check → transform → log. autocannon posts `{"price":101.5}` at 10 and at 50
 * connections (1 s warm-up, then 5 s measured) and reports requests/s and p99; a bare Node `http`
 * server answering the same JSON (bench/bare-server.mjs) is measured the same way in the same run.
 * Afterwards the executions in the database are counted and compared with the 2xx answers.
 *
 * The load generator shares the machine's cores with the server (and with Postgres), as in the
 * issue's reference figures. Options (environment):
 *   BENCH_SECONDS=5     measured seconds per run;
 *   BENCH_CONNECTIONS=10,50  the connection counts measured;
 *   BENCH_REDIS=1       let the server use REDIS_URL (unset otherwise);
 *   BENCH_DB=postgres   only this database (pglite or postgres);
 *   BENCH_CPU_PROF=1    run the Flowdeck server with --cpu-prof (bench/out/) and print its top
 *                       self-time functions; the figures of such a run are slowed by profiling;
 *   BENCH_SERVER=file   run this bundled server script instead of dist/server.mjs (for A/B
 *                       experiments; it must honour PORT and HOSTNAME and stop on SIGTERM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { count } from 'drizzle-orm';
import postgres from 'postgres';
import type { Workflow } from '@/lib/workflow';
import { apiClient } from '../e2e/fixtures/api';
import { openDatabase, type DatabaseOptions } from '../server/db/client';
import { postgresTarget } from '../server/db/postgres-url';
import { countNodeRunsByStatus } from '../server/db/node-runs';
import { executions } from '../server/db/schema';
import { createScratchPostgres } from '../server/testing/databases';
import { percentile, report, type Figure } from './report';
import { node } from '../server/testing/runtime';
import { quoteGraph } from './quote-workflow';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOOK_PATH = 'bench/quote';
const BODY = JSON.stringify({ price: 101.5 });
const EXPECTED = JSON.stringify({ side: 'sell', price: 101.5 });
const NODE_COUNT = 5;
/** BENCH_CONNECTIONS=10 measures at 10 only (A/B runs); the figures of the issue are at 10 and 50. */
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const WARMUP_SECONDS = 1;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PROFILE = process.env.BENCH_CPU_PROF === '1';
const SERVER_SCRIPT = process.env.BENCH_SERVER ?? 'dist/server.mjs';
const WITH_REDIS = process.env.BENCH_REDIS === '1' && Boolean(process.env.REDIS_URL);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/* Child processes ------------------------------------------------------------------------- */

type Child = {
  name: string;
  proc: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  output(): string;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
};

/** Whatever happens to this process, no child outlives it. */
const living = new Set<ChildProcess>();
process.on('exit', () => {
  for (const proc of living) proc.kill('SIGKILL');
});

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  living.add(proc);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      living.delete(proc);
      resolve();
    }),
  );
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    name,
    proc,
    output: () => tail.trim(),
    exited,
    async stop() {
      if (exited()) return;
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, 5_000, 'late')));
      if ((await Promise.race([exit, late])) === 'late') {
        console.warn(`${name} did not stop within 5 s of SIGTERM; killing it`);
        proc.kill('SIGKILL');
        await exit;
      }
      clearTimeout(timer);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(
  child: Child,
  what: string,
  timeoutMs: number,
  ok: () => Promise<boolean>,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited())
      throw new Error(`${child.name} exited before ${what}:\n${child.output() || '(no output)'}`);
    if (await ok().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${child.name}: no ${what} after ${timeoutMs / 1000} s:\n${child.output()}`);
}

/* Load ------------------------------------------------------------------------------------ */

/**
 * One autocannon run. Latencies of the 2xx answers are kept here at full resolution (autocannon's
 * own histogram keeps whole milliseconds, so a bare server's p99 would read 0).
 */
async function load(
  url: string,
  connections: number,
  seconds: number,
): Promise<{ result: Result; latencies: number[] }> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections,
    duration: seconds,
    timeout: 10,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  return { result: await instance, latencies };
}

/** CPU seconds (user + system) a process has used so far; null where /proc is missing. */
async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

type Measured = {
  rps: number;
  /** Percent of one core the server process used during the measured run (null: unknown). */
  serverCpu: number | null;
  /** Server CPU time per 2xx answer, in ms (null: unknown). */
  cpuPerRequest: number | null;
  /** The same for the Postgres backends serving the server (null: not a local Postgres). */
  dbCpu: number | null;
  dbCpuPerRequest: number | null;
  p99: number;
  errors: number;
  /** Over the warm-up and the measured run. */
  ok: number;
  sent: number;
};

/** 1 s of warm-up at the same concurrency, then the measured run. */
async function measure(
  url: string,
  connections: number,
  label: string,
  server: Child,
  databasePids?: () => Promise<number[]>,
): Promise<Measured> {
  const { result: warm } = await load(url, connections, WARMUP_SECONDS);
  // The database's backends (local Postgres only): their connections are open after the warm-up.
  const dbPids = (await databasePids?.().catch(() => [])) ?? [];
  const cpuBefore = await cpuSeconds(server.proc.pid);
  const dbBefore = await Promise.all(dbPids.map(cpuSeconds));
  const started = performance.now();
  const { result: r, latencies } = await load(url, connections, SECONDS);
  const cpuAfter = await cpuSeconds(server.proc.pid);
  const dbAfter = await Promise.all(dbPids.map(cpuSeconds));
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  // A backend that ended during the run has no /proc entry afterwards: count what is known.
  const dbCpu =
    dbPids.length === 0 || dbBefore.every((t) => t === null)
      ? null
      : dbAfter.reduce<number>(
          (sum, t, i) => sum + (t ?? dbBefore[i] ?? 0) - (dbBefore[i] ?? 0),
          0,
        );
  const errors = r.non2xx + r.errors;
  if (errors > 0 || warm.non2xx + warm.errors > 0)
    console.warn(
      `${label}: ${errors} errors in the measured run (status codes ${JSON.stringify(r.statusCodeStats)}, ${r.errors} failed requests, ${r.timeouts} of them timeouts); warm-up: ${warm.non2xx} non-2xx, ${warm.errors} failed`,
    );
  return {
    rps: Math.round(r.requests.average),
    serverCpu: cpu === null ? null : Math.round((cpu / wall) * 100),
    cpuPerRequest:
      cpu === null || r['2xx'] === 0 ? null : Math.round((cpu / r['2xx']) * 1e6) / 1000,
    dbCpu: dbCpu === null ? null : Math.round((dbCpu / wall) * 100),
    dbCpuPerRequest:
      dbCpu === null || r['2xx'] === 0 ? null : Math.round((dbCpu / r['2xx']) * 1e6) / 1000,
    p99: latencies.length > 0 ? percentile(latencies, 99) : NaN,
    errors,
    ok: warm['2xx'] + r['2xx'],
    sent: sentOf(warm) + sentOf(r),
  };
}

/** Requests written to the server, answered or not (autocannon's aggregate adds `sent`). */
const sentOf = (r: Result) => (r.requests as Result['requests'] & { sent?: number }).sent ?? 0;

async function post(url: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

/** One request before measuring: the answer must be the workflow's output. */
async function verify(url: string, who: string) {
  const { status, text } = await post(url);
  let same = false;
  try {
    same = JSON.stringify(JSON.parse(text)) === EXPECTED;
  } catch {
    // not JSON: reported below
  }
  if (status !== 200 || !same)
    throw new Error(`${who} answered ${status} ${text.slice(0, 500)}; expected 200 ${EXPECTED}`);
}

/* The bare http server -------------------------------------------------------------------- */

async function benchBare(): Promise<Map<number, Measured>> {
  const port = await freePort();
  const bare = startChild('bare http server', ['bench/bare-server.mjs'], {
    ...process.env,
    PORT: String(port),
  });
  try {
    await waitUntil(bare, 'ready line', 10_000, async () => bare.output().includes('ready'));
    const url = `http://127.0.0.1:${port}/api/hooks/${HOOK_PATH}`;
    await verify(url, 'the bare http server');
    const results = new Map<number, Measured>();
    for (const c of CONNECTIONS) results.set(c, await measure(url, c, `bare http c=${c}`, bare));
    return results;
  } finally {
    await bare.stop();
  }
}

/* Flowdeck -------------------------------------------------------------------------------- */

function benchWorkflow(base: Workflow): Workflow {
  const hook = node('hook', 'webhook-trigger', {
    path: HOOK_PATH,
    method: 'POST',
    respond: 'when-finished',
  });
  return { ...base, ...quoteGraph(hook, 'body.price') };
}

function serverEnv(port: number, dataDir: string, databaseUrl: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    LOG_LEVEL: 'warn',
    FLOWDECK_DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  delete env.EXECUTION_MODE;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (!WITH_REDIS) delete env.REDIS_URL;
  return env;
}

/** Waits until the server runs no execution (requests cut off by autocannon still finish). */
async function waitIdle(base: string, server: Child) {
  await waitUntil(server, 'idle runtime', 10_000, async () => {
    const text = await (await fetch(`${base}/api/metrics`)).text();
    return /^flowdeck_executions_running 0$/m.test(text);
  });
}

type Recorded = { byStatus: Record<string, number>; nodeRuns: number };

/** Counts straight from the database, once the server has stopped (no list procedure yet). */
async function countRecorded(target: DatabaseOptions): Promise<Recorded> {
  const database = await openDatabase({ ...target, migrate: false });
  try {
    const rows = await database.db
      .select({ status: executions.status, n: count() })
      .from(executions)
      .groupBy(executions.status);
    const runs = await countNodeRunsByStatus(database.db);
    return {
      byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
      nodeRuns: runs.succeeded ?? 0,
    };
  } finally {
    await database.close();
  }
}

/** The server processes of the connections to the scratch database but this look-up's own. */
async function backendPids(url: string): Promise<number[]> {
  const target = postgresTarget(url);
  const client = postgres(target.clientUrl, {
    ...target.clientOptions,
    max: 1,
    onnotice: () => {},
  });
  try {
    const rows = await client<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    return rows.map((r) => r.pid);
  } finally {
    await client.end({ timeout: 5 });
  }
}

type WriteStats = { commits: number; inserted: number; updated: number };

/**
 * What the scratch database did in all (the server's backends report their counts when they
 * exit): commits and rows written, to see the database's share of each execution.
 */
async function postgresWrites(url: string): Promise<WriteStats> {
  const target = postgresTarget(url);
  const client = postgres(target.clientUrl, {
    ...target.clientOptions,
    max: 1,
    onnotice: () => {},
  });
  try {
    const [row] = await client<{ commits: string; inserted: string; updated: string }[]>`
      select xact_commit as commits, tup_inserted as inserted, tup_updated as updated
      from pg_stat_database where datname = current_database()`;
    return {
      commits: Number(row?.commits ?? 0),
      inserted: Number(row?.inserted ?? 0),
      updated: Number(row?.updated ?? 0),
    };
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function benchFlowdeck(
  db: 'pglite' | 'postgres',
  bare: Map<number, Measured>,
  profileDir: string | null,
): Promise<Figure[]> {
  const name = WITH_REDIS ? `${db}+redis` : db;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowdeck-bench-'));
  let scratch: { url: string; drop(): Promise<void> } | null = null;
  let server: Child | null = null;
  try {
    if (db === 'postgres') scratch = await createScratchPostgres(process.env.DATABASE_URL!);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const profile = profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=webhook-${db}.cpuprofile`]
      : [];
    server = startChild(
      `flowdeck server (${name})`,
      [...profile, SERVER_SCRIPT],
      serverEnv(port, dataDir, scratch?.url ?? null),
    );
    const started = performance.now();
    await waitUntil(server, 'GET /api/health 200', 60_000, async () => {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return res.status === 200;
    });
    const startSeconds = Math.round((performance.now() - started) / 100) / 10;

    const api = apiClient(base);
    const created = await api.workflows.create.mutate({ name: 'Bench: webhook quote' });
    const { workflow } = await api.workflows.save.mutate({ workflow: benchWorkflow(created) });
    await api.runtime.activate.mutate({ workflowId: workflow.id });
    const url = `${base}/api/hooks/${HOOK_PATH}`;
    await verify(url, `the Flowdeck webhook (${name})`);

    const figures: Figure[] = [];
    let ok = 1;
    let sent = 1;
    for (const c of CONNECTIONS) {
      const label = `webhook c=${c} on ${name}`;
      const batchesBefore = await checkpointBatches(base);
      const m = await measure(
        url,
        c,
        label,
        server,
        scratch ? () => backendPids(scratch!.url) : undefined,
      );
      ok += m.ok;
      sent += m.sent;
      const yardstick = bare.get(c)!;
      figures.push(
        { bench: `${label}: requests/s`, value: m.rps, unit: 'requests/s' },
        { bench: `${label}: p99`, value: m.p99, unit: 'ms' },
        { bench: `${label}: errors (non-2xx, failed)`, value: m.errors, unit: 'requests' },
        {
          bench: `${label}: ratio to bare http`,
          value: Math.round((m.rps / yardstick.rps) * 1000) / 1000,
          unit: 'ratio',
        },
        ...cpuFigure(label, m),
      );
      const batches = await checkpointBatches(base);
      const count = batches.count - batchesBefore.count;
      if (count > 0)
        figures.push(
          {
            bench: `${label}: executions per checkpoint batch`,
            value:
              Math.round(((batches.executions - batchesBefore.executions) / count) * 100) / 100,
            unit: 'executions',
          },
          {
            bench: `${label}: checkpoint batch write, mean`,
            value: Math.round(((batches.seconds - batchesBefore.seconds) / count) * 1e5) / 100,
            unit: 'ms',
          },
        );
    }

    await waitIdle(base, server);
    await server.stop();
    server = null;
    const recorded = await countRecorded(
      scratch ? { url: scratch.url } : { dataDir: path.join(dataDir, 'pglite') },
    );
    const writes = scratch ? await postgresWrites(scratch.url) : null;
    const total = Object.values(recorded.byStatus).reduce((a, b) => a + b, 0);
    const succeeded = recorded.byStatus.succeeded ?? 0;
    // Every 2xx answer is an execution that succeeded, so succeeded ≥ 2xx; requests that
    // autocannon cut off at the end of a run were still run by the server, so up to that many
    // more: every request sent, and no more.
    if (
      succeeded < ok ||
      total > sent ||
      total !== succeeded ||
      recorded.nodeRuns !== succeeded * NODE_COUNT
    ) {
      console.warn(
        `webhook on ${name}: NOT every execution is recorded: ${ok} answered 2xx, ${sent} sent; executions by status ${JSON.stringify(recorded.byStatus)}; ${recorded.nodeRuns} node runs succeeded (expected ${NODE_COUNT} per execution)`,
      );
      process.exitCode = 1;
    }
    figures.push(
      { bench: `webhook on ${name}: server start to healthy`, value: startSeconds, unit: 's' },
      { bench: `webhook on ${name}: requests answered 2xx`, value: ok, unit: 'requests' },
      { bench: `webhook on ${name}: requests sent`, value: sent, unit: 'requests' },
      { bench: `webhook on ${name}: executions recorded`, value: total, unit: 'executions' },
      {
        bench: `webhook on ${name}: executions recorded / 2xx`,
        value: Math.round((total / ok) * 10_000) / 10_000,
        unit: 'ratio',
      },
      {
        bench: `webhook on ${name}: executions recorded / requests sent`,
        value: Math.round((total / sent) * 10_000) / 10_000,
        unit: 'ratio',
      },
      {
        bench: `webhook on ${name}: node runs recorded per execution`,
        value: total ? Math.round((recorded.nodeRuns / total) * 1000) / 1000 : 0,
        unit: 'node runs',
      },
    );
    if (writes && total > 0) {
      const per = (n: number) => Math.round((n / total) * 100) / 100;
      figures.push(
        {
          bench: `webhook on ${name}: commits per execution`,
          value: per(writes.commits),
          unit: 'transactions',
        },
        {
          bench: `webhook on ${name}: rows inserted per execution`,
          value: per(writes.inserted),
          unit: 'rows',
        },
        {
          bench: `webhook on ${name}: rows updated per execution`,
          value: per(writes.updated),
          unit: 'rows',
        },
      );
    }
    return figures;
  } finally {
    if (server) await server.stop();
    if (scratch) await scratch.drop().catch((err: unknown) => console.warn('drop failed:', err));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The server's checkpoint batches so far (from /api/metrics): how many, their executions, their write time. */
async function checkpointBatches(base: string) {
  const text = await (await fetch(`${base}/api/metrics`)).text();
  const value = (metric: string) =>
    Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    count: value('flowdeck_checkpoint_batch_executions_count'),
    executions: value('flowdeck_checkpoint_batch_executions_sum'),
    seconds: value('flowdeck_checkpoint_write_seconds_sum'),
  };
}

/* CPU profile ----------------------------------------------------------------------------- */

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

function where(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  if (file.startsWith('node:')) return 'node internals';
  return path.relative(ROOT, file);
}

/**
 * Prints where the server's CPU went from its first webhook request on (start-up, like PGlite's
 * initdb, left out): self time by package, the top self-time functions, and the inclusive time
 * of the server's own functions (dist/server.mjs).
 */
async function summarizeProfile(file: string) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || '(anonymous)'}  ${url ? `${where(url)}:${lineNumber + 1}` : ''}`;
  };
  const stack = (id: number) => {
    const frames: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      frames.push(byId.get(cur)!);
    return frames;
  };
  const first = profile.samples.findIndex((id) =>
    stack(id).some((n) => n.callFrame.functionName === 'handleHook'),
  );
  const selfByFunction = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  let totalUs = 0;
  for (let i = Math.max(0, first); i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    const frames = stack(profile.samples[i]!);
    const leaf = frames[0]!;
    totalUs += us;
    add(selfByFunction, label(leaf), us);
    add(selfByArea, leaf.callFrame.url ? where(leaf.callFrame.url) : label(leaf).trim(), us);
    const seen = new Set<string>();
    for (const n of frames)
      if (n.callFrame.url.endsWith(path.basename(SERVER_SCRIPT)) && !seen.has(label(n))) {
        seen.add(label(n));
        add(inclusive, label(n), us);
      }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  console.log(
    `\nCPU profile ${path.relative(ROOT, file)}: ${(totalUs / 1e6).toFixed(1)} s from the first webhook request on`,
  );
  console.log(`self time by package / area:\n${top(selfByArea, 15)}`);
  console.log(`top self-time functions:\n${top(selfByFunction, 25)}`);
  console.log(
    `inclusive time of the server's functions:\n${top(inclusive, Number(process.env.BENCH_TOP) || 20)}`,
  );
}

const cpuFigure = (label: string, m: Measured): Figure[] => [
  ...(m.serverCpu === null
    ? []
    : [
        { bench: `${label}: server process CPU`, value: m.serverCpu, unit: '% of one core' },
        { bench: `${label}: server CPU per request`, value: m.cpuPerRequest!, unit: 'ms' },
      ]),
  ...(m.dbCpu === null
    ? []
    : [
        { bench: `${label}: Postgres backends CPU`, value: m.dbCpu, unit: '% of one core' },
        { bench: `${label}: Postgres CPU per request`, value: m.dbCpuPerRequest!, unit: 'ms' },
      ]),
];

/* Run ------------------------------------------------------------------------------------- */

export async function run() {
  const needed = process.env.BENCH_SERVER ? [SERVER_SCRIPT] : ['dist/server.mjs', '.next/BUILD_ID'];
  const missing = needed.filter((f) => !existsSync(path.join(ROOT, f)));
  if (missing.length > 0 && process.env.BENCH_SERVER)
    throw new Error(`BENCH_SERVER=${SERVER_SCRIPT}: no such file`);
  if (missing.length > 0)
    throw new Error(
      `the webhook benchmark runs the production server: run \`npm run build\` first (missing ${missing.join(', ')})`,
    );
  let profileDir: string | null = null;
  if (PROFILE) {
    profileDir = path.join(ROOT, 'bench/out');
    await mkdir(profileDir, { recursive: true });
    for (const f of await readdir(profileDir))
      if (/^webhook-.*\.cpuprofile$/.test(f)) await rm(path.join(profileDir, f));
    console.warn('BENCH_CPU_PROF=1: the server runs with --cpu-prof; its figures are slowed by it');
  }

  // Other work on the machine skews every figure here: say how busy it was.
  const figures: Figure[] = [
    {
      bench: 'machine: load average (1 min) before the run',
      value: Math.round(os.loadavg()[0]! * 100) / 100,
      unit: `(${os.cpus().length} cores)`,
    },
  ];
  const bare = await benchBare();
  for (const c of CONNECTIONS) {
    const m = bare.get(c)!;
    figures.push(
      { bench: `bare http c=${c}: requests/s`, value: m.rps, unit: 'requests/s' },
      { bench: `bare http c=${c}: p99`, value: m.p99, unit: 'ms' },
      { bench: `bare http c=${c}: errors (non-2xx, failed)`, value: m.errors, unit: 'requests' },
      ...cpuFigure(`bare http c=${c}`, m),
    );
  }
  const databases = (
    (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) as ('pglite' | 'postgres')[]
  ).filter((db) => !process.env.BENCH_DB || process.env.BENCH_DB === db);
  for (const db of databases) figures.push(...(await benchFlowdeck(db, bare, profileDir)));
  figures.push({
    bench: 'machine: load average (1 min) after the run',
    value: Math.round(os.loadavg()[0]! * 100) / 100,
    unit: `(${os.cpus().length} cores)`,
  });
  report(figures);

  if (profileDir) {
    const files = await readdir(profileDir);
    for (const db of databases)
      if (files.includes(`webhook-${db}.cpuprofile`))
        await summarizeProfile(path.join(profileDir, `webhook-${db}.cpuprofile`));
  }
}

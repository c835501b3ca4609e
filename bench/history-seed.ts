/**
 * Fills a dedicated Postgres database (`flowdeck_bench_history` on DATABASE_URL's server) with
 * 1,000,000 executions and 5,000,000 node runs for the history bench, in SQL (generate_series),
 * so it takes about a minute rather than hours of inserts. Reused when already seeded.
 *
 * The spread is meant to look like a busy install: 50 workflows of very different traffic
 * (a few do most runs), start times over 90 days (newer rows later in the table, as inserts
 * leave them), 85 % succeeded, 10 % failed, some cancelled, a few unfinished among the newest,
 * every trigger kind. Each execution has 5 node runs with small payloads, in one chunk (as the
 * checkpoint writer records a short execution since migration 0007).
 *
 * Run alone: `DATABASE_URL=postgres://… npx tsx bench/history-seed.ts` (or through the bench).
 */
import postgres from 'postgres';
import { openDatabase, type Database } from '../server/db/client';
import { postgresTarget } from '../server/db/postgres-url';

export const BENCH_DB = 'flowdeck_bench_history';
export const EXECUTIONS = 1_000_000;
export const NODES_PER_EXECUTION = 5;
export const WORKFLOWS = 50;
const CHUNK = 200_000;

export const benchWorkflowId = (n: number) => `wf_hist_${String(n).padStart(2, '0')}`;

/** One connection to the database of `url`. */
function connect(url: string): postgres.Sql {
  const target = postgresTarget(url);
  return postgres(target.clientUrl, { ...target.clientOptions, max: 1, onnotice: () => {} });
}

/** The bench database's URL on the server of `baseUrl`; created if missing, or anew if `fresh`. */
async function ensureDatabase(baseUrl: string, fresh: boolean): Promise<string> {
  const admin = connect(baseUrl);
  try {
    if (fresh) await admin.unsafe(`drop database if exists "${BENCH_DB}" with (force)`);
    const [found] = await admin`select 1 from pg_database where datname = ${BENCH_DB}`;
    if (!found) await admin.unsafe(`create database "${BENCH_DB}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = postgresTarget(baseUrl).url;
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

const workflowJson = (n: number, version: number) => ({
  id: benchWorkflowId(n),
  name: `Bench bot ${n}`,
  description: '',
  version,
  settings: {},
  nodes: ['trigger', 'n1', 'n2', 'n3', 'n4'].map((id, i) => ({
    id,
    type: i === 0 ? 'manual-trigger' : 'transform',
    name: id,
    position: { x: i * 200, y: 0 },
    props: i === 0 ? {} : { expression: 'input' },
  })),
  edges: ['n1', 'n2', 'n3', 'n4'].map((id, i) => ({
    id: `e${i}`,
    source: i === 0 ? 'trigger' : `n${i}`,
    sourceHandle: 'out',
    target: id,
    targetHandle: 'in',
  })),
});

async function seed(sql: postgres.Sql, log: (line: string) => void) {
  const t0 = performance.now();
  const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  await sql.begin(async (tx) => {
    for (let n = 0; n < WORKFLOWS; n++) {
      const id = benchWorkflowId(n);
      await tx`insert into workflows (id, name, version, definition)
        values (${id}, ${`Bench bot ${n}`}, 3, ${tx.json(workflowJson(n, 3))})`;
      for (const v of [1, 2, 3])
        await tx`insert into workflow_versions (workflow_id, version, definition)
          values (${id}, ${v}, ${tx.json(workflowJson(n, v))})`;
    }
  });
  // Secondary indexes are dropped while seeding and built again after: one sorted build is many
  // times faster than millions of random-order insertions. Their definitions come from the
  // catalog, so they are exactly what the migrations made.
  const indexes = await sql<{ name: string; def: string }[]>`
    select indexname as name, indexdef as def from pg_indexes
    where tablename in ('executions', 'node_runs') and indexname not like '%_pkey'`;
  for (const { name } of indexes) await sql.unsafe(`drop index "${name}"`);
  // Foreign key checks (of the executions' workflows) are skipped while seeding; the rows are
  // generated from the workflows, so they hold anyway.
  await sql`set session_replication_role = replica`;
  for (let from = 0; from < EXECUTIONS; from += CHUNK) {
    const to = Math.min(EXECUTIONS, from + CHUNK) - 1;
    await sql`
      insert into executions (id, workflow_id, workflow_version, status, trigger_kind, input, error,
        nodes_succeeded, nodes_failed, started_at, finished_at, updated_at, last_seq)
      select id, 'wf_hist_' || lpad(w::text, 2, '0'), 1 + (g % 3), status,
        (array['manual','interval','cron','webhook','event','rerun'])[1 + t],
        jsonb_build_object('price', 90 + (g % 30), 'symbol', 'BTC-USD'),
        case when status = 'failed' then jsonb_build_object('code', 'HTTP_502', 'nodeId', 'n3',
          'message', 'node "n3" failed: the exchange answered 502') end,
        case when status = 'failed' then 3 else 5 end,
        case when status = 'failed' then 1 else 0 end,
        started, case when status in ('queued','running','waiting','halted') then null
          else started + (r * interval '4 seconds') end,
        started, 10
      from (
        select g, id, r, started,
          -- a skewed spread: workflow 0 gets most runs, 49 the fewest
          least(${WORKFLOWS - 1}, floor(pow(random(), 3) * ${WORKFLOWS}))::int as w,
          case when g >= ${EXECUTIONS - 20} then (array['queued','running','waiting','halted'])[1 + g % 4]
            when r < 0.10 then 'failed' when r < 0.13 then 'cancelled' else 'succeeded' end as status,
          case when random() < 0.1 then 0 when random() < 0.4 then 1 when random() < 0.6 then 2
            when random() < 0.9 then 3 when random() < 0.95 then 4 else 5 end as t
        from (
          select g, 'ex_' || substr(md5('hist' || g::text), 1, 16) as id, random() as r,
            now() - interval '90 days' * (1 - g::float8 / ${EXECUTIONS})
              + random() * interval '5 seconds' as started
          from generate_series(${from}::int, ${to}::int) g
        ) a
      ) b`;
    // Node runs as the checkpoint writer stores them since migration 0007: one chunk per
    // execution (db/node-runs.ts, StoredNodeRun: short keys, epoch-ms times, nulls left out).
    await sql`
      insert into node_run_chunks (execution_id, runs)
      select e.id, json_agg(json_strip_nulls(json_build_object(
        'n', k.node_id,
        't', case when k.i = 0 then 'manual-trigger' else 'transform' end,
        'a', 1,
        's', case when e.status = 'failed' and k.i = 3 then 'failed'
          when e.status = 'failed' and k.i = 4 then 'skipped' else 'succeeded' end,
        'i', json_build_object('in', e.input),
        'o', case when e.status = 'failed' and k.i >= 3 then null
          else json_build_object('out', json_build_object('price', 90 + k.i, 'side', 'sell')) end,
        'e', case when e.status = 'failed' and k.i = 3
          then json_build_object('code', 'HTTP_502', 'message', 'the exchange answered 502') end,
        'b', (extract(epoch from e.started_at) * 1000)::bigint + k.i * 2,
        'f', (extract(epoch from e.started_at) * 1000)::bigint + (k.i + 1) * 2,
        'd', 2)) order by k.i)
      from executions e
      cross join (values (0, 'trigger'), (1, 'n1'), (2, 'n2'), (3, 'n3'), (4, 'n4')) k(i, node_id)
      where e.id in (select 'ex_' || substr(md5('hist' || g::text), 1, 16)
        from generate_series(${from}::int, ${to}::int) g)
      group by e.id`;
    log(`  seeded ${to + 1} executions, ${(to + 1) * NODES_PER_EXECUTION} node runs (${since()})`);
  }
  await sql`set session_replication_role = origin`;
  await sql`set maintenance_work_mem = '256MB'`;
  for (const { def } of indexes) await sql.unsafe(def);
  log(`  indexes built (${since()})`);
  // Statistics for the planner, and the visibility map that lets counts use index-only scans.
  await sql`vacuum analyze executions`;
  await sql`vacuum analyze node_run_chunks`;
  await sql`vacuum analyze workflows`;
  log(`  vacuumed (${since()})`);
}

async function isSeeded(url: string): Promise<boolean> {
  const sql = connect(url);
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from (select 1 from executions limit ${EXECUTIONS}) s`;
    return (row?.n ?? 0) >= EXECUTIONS;
  } catch {
    return false; // no tables yet
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Opens the bench database, seeded. A complete one is reused; anything else (none, or a seed
 * that was interrupted) is dropped and made again from the migrations.
 */
export async function openSeededHistory(
  baseUrl: string,
  log: (line: string) => void = console.log,
): Promise<Database> {
  let url = await ensureDatabase(baseUrl, false);
  if (await isSeeded(url)) return openDatabase({ url });
  url = await ensureDatabase(baseUrl, true);
  const database = await openDatabase({ url });
  log(
    `seeding ${BENCH_DB}: ${EXECUTIONS} executions, ${EXECUTIONS * NODES_PER_EXECUTION} node runs…`,
  );
  const sql = connect(url);
  try {
    await seed(sql, log);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return database;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.env.DATABASE_URL) {
    console.log('history-seed: set DATABASE_URL (a Postgres server) to seed the bench database.');
  } else {
    const database = await openSeededHistory(process.env.DATABASE_URL);
    await database.close();
  }
}

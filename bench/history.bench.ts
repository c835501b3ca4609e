/**
 * Execution history at scale: server time of the history procedures over 1,000,000 executions
 * and 5,000,000 node runs in Postgres (bench/history-seed.ts fills the database once, then it is
 * reused). Each figure goes through the real tRPC procedure (createCaller: input validation,
 * middleware, query, mapping), p50 and p95 over 30 calls after 5 warm-up calls. Goal: < 50 ms.
 *
 * Needs DATABASE_URL (a Postgres server; the bench makes its own database there).
 */
import { sql } from 'drizzle-orm';
import { createCaller } from '../server/api/root';
import { createContext } from '../server/api/trpc';
import { encodeCursor } from '../server/db/execution-list';
import { logger } from '../server/logger';
import { nodeCatalog } from '../server/nodes/registry';
import { benchWorkflowId, openSeededHistory } from './history-seed';
import { percentile, report, timeMany, type Figure } from './report';

const CALLS = 30;
const WARMUP = 5;
const DAY = 86_400_000;

export async function run() {
  if (!process.env.DATABASE_URL) {
    console.log(
      'history: skipped; it needs Postgres. Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test):\n' +
        'the bench creates and seeds its own database, flowdeck_bench_history, on that server.',
    );
    return;
  }
  const database = await openSeededHistory(process.env.DATABASE_URL);
  try {
    const silent = logger.child({}, { level: 'silent' });
    const api = createCaller(createContext({ db: database.db, catalog: nodeCatalog, log: silent }));
    const db = database.db;

    // A cursor ~500,000 rows in, as a user paging that far would hold (and a failed execution).
    const [deep] = rowsOf<{ micros: string; id: string }>(
      await db.execute(sql`
        select (extract(epoch from started_at) * 1000000)::bigint::text as micros, id
        from executions order by started_at desc nulls last, id desc nulls last
        offset 500000 limit 1`),
    );
    const [failed] = rowsOf<{ id: string }>(
      await db.execute(sql`
        select id from executions where status = 'failed'
        order by started_at desc nulls last, id desc nulls last offset 1000 limit 1`),
    );
    const now = Date.now();
    const range = {
      from: new Date(now - 30 * DAY).toISOString(),
      to: new Date(now - 10 * DAY).toISOString(),
    };
    const workflowId = benchWorkflowId(7);

    const cases: [string, () => Promise<unknown>][] = [
      ['first page (50)', () => api.executions.list({ limit: 50 })],
      [
        'filtered page (failed, one workflow, 20 days)',
        () => api.executions.list({ status: ['failed'], workflowId, ...range }),
      ],
      [
        'deep page by cursor (500,000 rows in)',
        () => api.executions.list({ cursor: encodeCursor(deep!.micros, deep!.id) }),
      ],
      ['stats, no filter', () => api.executions.stats({})],
      ['stats, one workflow and 20 days', () => api.executions.stats({ workflowId, ...range })],
      ['detail view (get, 5 node runs)', () => api.executions.get({ id: failed!.id })],
      ['search by id prefix', () => api.executions.list({ search: failed!.id.slice(0, 7) })],
    ];

    const figures: Figure[] = [];
    for (const [name, call] of cases) {
      await timeMany(WARMUP, call);
      const samples = await timeMany(CALLS, call);
      figures.push(
        {
          bench: `history at 1M executions: ${name}, p50`,
          value: percentile(samples, 50),
          unit: 'ms',
        },
        {
          bench: `history at 1M executions: ${name}, p95`,
          value: percentile(samples, 95),
          unit: 'ms',
        },
      );
    }
    report(figures);
  } finally {
    await database.close();
  }
}

/** PGlite answers `{ rows }`, postgres.js an array of rows. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

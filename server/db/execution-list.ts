/**
 * Execution history lists: filters, keyset pages, counts per status, and deletion by id or by
 * filter. Pages follow (started_at desc, id desc), the order of the executions_*_started indexes
 * (declared DESC NULLS LAST, so every ORDER BY here says so too, or Postgres cannot use them).
 */
import { and, eq, gte, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { executionStatuses, type ExecutionStatus, type TriggerKind } from '@/lib/events';
import { UserError } from '../runtime/errors';
import type { Db } from './client';
import { executions, workflows } from './schema';

/** Never deleted, by hand or by retention: they may still run. */
export const UNFINISHED: ExecutionStatus[] = ['queued', 'running', 'waiting', 'halted'];
export const FINISHED = executionStatuses.filter((s) => !UNFINISHED.includes(s));

export type HistoryFilter = {
  workflowId?: string;
  status?: ExecutionStatus[];
  trigger?: TriggerKind[];
  /** Started at or after (inclusive). */
  from?: Date;
  /** Started before (exclusive). */
  to?: Date;
  /** An execution id or its prefix; letters, digits, `_` and `-` only (checked by the router). */
  search?: string;
};

export type ExecutionSummary = {
  id: string;
  workflowId: string;
  workflowName: string;
  workflowVersion: number;
  status: ExecutionStatus;
  triggerKind: TriggerKind;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  nodesSucceeded: number;
  nodesFailed: number;
  rerunOf: string | null;
  error: { code: string; message: string; nodeId?: string } | null;
};

/** Each status is counted up to this many: exact counts over a million rows cost too much. */
export const STATS_CAP = 10_000;

const startedDesc = sql`${executions.startedAt} desc nulls last, ${executions.id} desc nulls last`;

/** `like` pattern of an id prefix, inlined so the planner sees it and uses the pattern index. */
function prefixPattern(search: string): SQL {
  if (!/^[\w-]+$/.test(search)) throw new UserError('BAD_REQUEST', 'search: not an execution id');
  return sql.raw(`'${search.replace(/_/g, '\\_')}%'`);
}

export function filterConditions(f: HistoryFilter): SQL[] {
  const where: SQL[] = [];
  if (f.workflowId !== undefined) where.push(eq(executions.workflowId, f.workflowId));
  if (f.status?.length) where.push(inArray(executions.status, f.status));
  if (f.trigger?.length) where.push(inArray(executions.triggerKind, f.trigger));
  if (f.from) where.push(gte(executions.startedAt, f.from));
  if (f.to) where.push(lt(executions.startedAt, f.to));
  if (f.search) where.push(sql`${executions.id} like ${prefixPattern(f.search)}`);
  return where;
}

/* Cursors ---------------------------------------------------------------------------------- */

/** Opaque to clients: the last row's started_at in epoch microseconds (exact) and its id. */
export function encodeCursor(micros: string, id: string): string {
  return Buffer.from(JSON.stringify([micros, id])).toString('base64url');
}

function decodeCursor(cursor: string): { micros: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^-?\d{1,17}$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 200
    )
      return { micros: value[0], id: value[1] };
  } catch {
    // fall through
  }
  throw new UserError(
    'BAD_REQUEST',
    'cursor: not a cursor this server gave out (pass nextCursor back unchanged, or null for the first page)',
    { issues: [{ path: 'cursor', message: 'not a cursor this server gave out' }] },
  );
}

const microsOf = sql<string>`(extract(epoch from ${executions.startedAt}) * 1000000)::bigint::text`;
const fromMicros = (micros: string) =>
  sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`;

/* List ------------------------------------------------------------------------------------- */

export async function listExecutions(
  db: Db,
  filter: HistoryFilter & { cursor?: string | null; limit?: number },
): Promise<{ items: ExecutionSummary[]; nextCursor: string | null }> {
  const limit = filter.limit ?? 50;
  const where = filterConditions(filter);
  if (filter.cursor) {
    const { micros, id } = decodeCursor(filter.cursor);
    where.push(sql`(${executions.startedAt}, ${executions.id}) < (${fromMicros(micros)}, ${id})`);
  }
  const rows = await db
    .select({
      id: executions.id,
      workflowId: executions.workflowId,
      workflowName: workflows.name,
      workflowVersion: executions.workflowVersion,
      status: executions.status,
      triggerKind: executions.triggerKind,
      startedAt: executions.startedAt,
      finishedAt: executions.finishedAt,
      nodesSucceeded: executions.nodesSucceeded,
      nodesFailed: executions.nodesFailed,
      rerunOf: executions.rerunOf,
      error: executions.error,
      micros: microsOf,
    })
    .from(executions)
    .innerJoin(workflows, eq(workflows.id, executions.workflowId))
    .where(and(...where))
    .orderBy(startedDesc)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ micros: _m, error, ...r }) => ({
      ...r,
      durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
      error: error ? { code: error.code, message: error.message, nodeId: error.nodeId } : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.micros, last.id) : null,
  };
}

/* Counts ----------------------------------------------------------------------------------- */

/**
 * Executions per status under the filter, each counted up to STATS_CAP: one capped index scan
 * per status instead of counting every row (`capped` says whether any count stopped there).
 */
export async function executionStats(db: Db, filter: Omit<HistoryFilter, 'status'>) {
  const where = filterConditions(filter);
  const columns = executionStatuses.map(
    (status) =>
      sql`(select count(*)::int from (select 1 from ${executions} where ${and(
        eq(executions.status, status),
        ...where,
      )} limit ${STATS_CAP}) s) as ${sql.identifier(status)}`,
  );
  const result = await db.execute<Record<ExecutionStatus, number>>(
    sql`select ${sql.join(columns, sql`, `)}`,
  );
  const row =
    (result as unknown as { rows?: Record<string, number>[] }).rows?.[0] ??
    (result as unknown as Record<string, number>[])[0]!;
  const counts = Object.fromEntries(
    executionStatuses.map((s) => [s, Number(row[s] ?? 0)]),
  ) as Record<ExecutionStatus, number>;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { counts, total, cap: STATS_CAP, capped: Object.values(counts).includes(STATS_CAP) };
}

/* Delete ----------------------------------------------------------------------------------- */

const DELETE_BATCH = 1_000;

/** Deletes finished executions among `ids` (node runs and log lines go with them). */
export async function deleteExecutions(db: Db, ids: string[]) {
  const unique = [...new Set(ids)];
  let deleted = 0;
  for (let i = 0; i < unique.length; i += DELETE_BATCH) {
    const slice = unique.slice(i, i + DELETE_BATCH);
    const rows = await db
      .delete(executions)
      .where(and(inArray(executions.id, slice), notInArray(executions.status, UNFINISHED)))
      .returning({ id: executions.id });
    deleted += rows.length;
  }
  const [skipped] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(executions)
    .where(and(inArray(executions.id, unique), inArray(executions.status, UNFINISHED)));
  return { deleted, skipped: skipped?.n ?? 0 };
}

/**
 * Deletes every finished execution the filter matches, a batch of ids per statement so no
 * transaction holds the tables for long. `pauseMs` lets other writers in between batches;
 * `stopped` ends it early (shutdown).
 */
export async function deleteExecutionsWhere(
  db: Db,
  filter: HistoryFilter,
  options: {
    pauseMs?: number;
    extra?: SQL[];
    stopped?: () => boolean;
    /** Count the unfinished executions the filter matches (default true). */
    countSkipped?: boolean;
  } = {},
) {
  const where = [...filterConditions(filter), ...(options.extra ?? [])];
  let deleted = 0;
  while (!options.stopped?.()) {
    const batch = db
      .select({ id: executions.id })
      .from(executions)
      .where(and(...where, inArray(executions.status, FINISHED)))
      .limit(DELETE_BATCH);
    const rows = await db
      .delete(executions)
      .where(and(inArray(executions.id, batch), notInArray(executions.status, UNFINISHED)))
      .returning({ id: executions.id });
    deleted += rows.length;
    if (rows.length < DELETE_BATCH) break;
    if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
  }
  if (options.countSkipped === false) return { deleted, skipped: 0 };
  const [skipped] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(executions)
    .where(and(...where, inArray(executions.status, UNFINISHED)));
  return { deleted, skipped: skipped?.n ?? 0 };
}

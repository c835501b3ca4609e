/**
 * The node runs of an execution, as recorded: the one place that knows how they are stored.
 *
 * Since migration 0007 the checkpoint writer stores them in `node_run_chunks`: one row per
 * execution per group-commit batch, a JSON array of that batch's node runs of the execution. A
 * node run recorded in several batches (running, then succeeded) is in several chunks: the newest
 * chunk wins. Node runs recorded before 0007 stay in `node_runs`, one row each, and are read here
 * too (an execution that ran across the upgrade has both); nothing writes that table any more.
 *
 * A node run's id is stable for a given chunk: `chunk id × 2^20 + index in the chunk` (chunk ids
 * start at 2^20, so these ids are above 2^40 and never meet a `node_runs` id in practice).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { nodeRunChunks, nodeRuns, type NodeRunStatus, type NodeRunWait } from './schema';

/** What the history and the runtime read: the shape of a `node_runs` row. */
export type NodeRunRow = typeof nodeRuns.$inferSelect;

/** One node run inside a chunk, as JSON: times are ISO strings, absent values may be missing. */
export type StoredNodeRun = {
  nodeId: string;
  nodeType: string;
  attempt: number;
  status: NodeRunStatus;
  inputs?: unknown;
  outputs?: Record<string, unknown> | null;
  error?: { code: string; message: string; retryable?: boolean } | null;
  wait?: NodeRunWait | null;
  startedAt: string;
  finishedAt?: string | null;
  durationMs?: number | null;
};

const CHUNK_SPAN = 2 ** 20;
/** Ids at or above this are of node runs in chunks. */
const FIRST_CHUNKED_ID = CHUNK_SPAN * CHUNK_SPAN;

function fromChunk(executionId: string, chunkId: number, index: number, r: StoredNodeRun) {
  const row: NodeRunRow = {
    id: chunkId * CHUNK_SPAN + index,
    executionId,
    nodeId: r.nodeId,
    attempt: r.attempt,
    status: r.status,
    nodeType: r.nodeType,
    inputs: r.inputs ?? null,
    outputs: r.outputs ?? null,
    error: r.error ?? null,
    wait: r.wait ?? null,
    startedAt: new Date(r.startedAt),
    finishedAt: r.finishedAt ? new Date(r.finishedAt) : null,
    durationMs: r.durationMs ?? null,
  };
  return row;
}

/**
 * Every node run of the execution (each attempt once, in its latest recorded state), ordered by
 * start time.
 */
export async function nodeRunsOf(db: Db, executionId: string): Promise<NodeRunRow[]> {
  const [legacy, chunks] = await Promise.all([
    db.select().from(nodeRuns).where(eq(nodeRuns.executionId, executionId)),
    db
      .select({ id: nodeRunChunks.id, runs: nodeRunChunks.runs })
      .from(nodeRunChunks)
      .where(eq(nodeRunChunks.executionId, executionId))
      .orderBy(asc(nodeRunChunks.id)),
  ]);
  const latest = new Map<string, NodeRunRow>();
  for (const r of legacy) latest.set(`${r.nodeId}\0${r.attempt}`, r);
  for (const chunk of chunks) {
    const runs = chunk.runs as StoredNodeRun[];
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i]!;
      latest.set(`${r.nodeId}\0${r.attempt}`, fromChunk(executionId, chunk.id, i, r));
    }
  }
  return [...latest.values()].sort(
    (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id - b.id,
  );
}

/**
 * One field of one node run, in full; `undefined` when the execution has no such node run.
 */
export async function nodeRunField(
  db: Db,
  executionId: string,
  nodeRunId: number,
  field: 'inputs' | 'outputs' | 'error',
): Promise<unknown> {
  if (nodeRunId < FIRST_CHUNKED_ID) {
    const [row] = await db
      .select({ value: nodeRuns[field] })
      .from(nodeRuns)
      .where(and(eq(nodeRuns.id, nodeRunId), eq(nodeRuns.executionId, executionId)));
    return row ? (row.value ?? null) : undefined;
  }
  const chunkId = Math.floor(nodeRunId / CHUNK_SPAN);
  const index = nodeRunId % CHUNK_SPAN;
  const [row] = await db
    .select({
      present: sql<boolean>`json_array_length(${nodeRunChunks.runs}) > ${index}::int`,
      value: sql<string | null>`(${nodeRunChunks.runs} -> ${index}::int -> ${field}::text)::text`,
    })
    .from(nodeRunChunks)
    .where(and(eq(nodeRunChunks.executionId, executionId), eq(nodeRunChunks.id, chunkId)));
  if (!row?.present) return undefined;
  return row.value === null ? null : JSON.parse(row.value);
}

/** The node runs of a batch as chunk rows: one per execution, its runs in the order recorded. */
export function chunkRows<R extends { executionId: string }>(
  runs: R[],
): { execution_id: string; runs: Omit<R, 'executionId'>[] }[] {
  const byExecution = new Map<string, Omit<R, 'executionId'>[]>();
  for (const r of runs) {
    const { executionId, ...rest } = r;
    let list = byExecution.get(executionId);
    if (!list) byExecution.set(executionId, (list = []));
    list.push(rest);
  }
  return [...byExecution].map(([id, list]) => ({ execution_id: id, runs: list }));
}

/**
 * Node runs by status over every execution (each attempt counted once, in its latest state):
 * for benchmarks and checks, it reads the whole history.
 */
export async function countNodeRunsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.execute<{ status: string; n: number | string }>(sql`
    select status, count(*) as n from (
      select distinct on (c.execution_id, r.value ->> 'nodeId', r.value ->> 'attempt')
        r.value ->> 'status' as status
      from node_run_chunks c, json_array_elements(c.runs) r
      order by c.execution_id, r.value ->> 'nodeId', r.value ->> 'attempt', c.id desc
    ) latest group by status
    union all
    select status, count(*) from node_runs group by status`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: typeof rows }).rows;
  const out: Record<string, number> = {};
  for (const r of list as { status: string; n: number | string }[])
    out[r.status] = (out[r.status] ?? 0) + Number(r.n);
  return out;
}

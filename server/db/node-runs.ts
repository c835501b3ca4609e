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

/**
 * One node run inside a chunk (short keys: a batch holds thousands). Times are epoch
 * milliseconds; a key whose value is null is left out. A port value (of `i`, the inputs, or `o`,
 * the outputs) that is the very object an earlier port of the same chunk holds (a node's inputs
 * are its upstream's outputs; a pass-through node outputs its input) is not written again: `ri` /
 * `ro` name where it is, `[index in the chunk, 0 (inputs) | 1 (outputs), port]`.
 */
export type StoredNodeRun = {
  /** nodeId, nodeType, attempt, status */
  n: string;
  t: string;
  a: number;
  s: NodeRunStatus;
  i?: Record<string, unknown> | unknown;
  o?: Record<string, unknown>;
  ri?: Record<string, PortRef>;
  ro?: Record<string, PortRef>;
  e?: { code: string; message: string; retryable?: boolean };
  w?: NodeRunWait;
  /** startedAt, finishedAt (ms), durationMs */
  b: number;
  f?: number;
  d?: number;
};
type PortRef = [index: number, side: 0 | 1, port: string];

/** What the writer hands over: a node run as the executor recorded it. */
export type NodeRunInput = {
  executionId: string;
  nodeId: string;
  nodeType: string;
  attempt: number;
  status: NodeRunStatus;
  inputs: unknown;
  outputs: Record<string, unknown> | null;
  error: { code: string; message: string; retryable?: boolean } | null;
  wait: NodeRunWait | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
};

const CHUNK_SPAN = 2 ** 20;
/** Ids at or above this are of node runs in chunks. */
const FIRST_CHUNKED_ID = CHUNK_SPAN * CHUNK_SPAN;

const isPorts = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The node runs of one execution in one batch, as its chunk. */
function encodeChunk(runs: NodeRunInput[]): StoredNodeRun[] {
  const seen = new Map<object, PortRef>();
  const ports = (values: Record<string, unknown>, index: number, side: 0 | 1) => {
    let kept: Record<string, unknown> | undefined;
    let refs: Record<string, PortRef> | undefined;
    for (const port in values) {
      const v = values[port];
      if (typeof v === 'object' && v !== null) {
        const ref = seen.get(v);
        if (ref) {
          (refs ??= {})[port] = ref;
          continue;
        }
        seen.set(v, [index, side, port]);
      }
      (kept ??= {})[port] = v;
    }
    return { kept: kept ?? {}, refs };
  };
  return runs.map((r, index) => {
    const out: StoredNodeRun = {
      n: r.nodeId,
      t: r.nodeType,
      a: r.attempt,
      s: r.status,
      b: r.startedAt.getTime(),
    };
    if (isPorts(r.inputs)) {
      const { kept, refs } = ports(r.inputs, index, 0);
      out.i = kept;
      if (refs) out.ri = refs;
    } else if (r.inputs !== null && r.inputs !== undefined) out.i = r.inputs;
    if (r.outputs) {
      const { kept, refs } = ports(r.outputs, index, 1);
      out.o = kept;
      if (refs) out.ro = refs;
    }
    if (r.error) out.e = r.error;
    if (r.wait) out.w = r.wait;
    if (r.finishedAt) out.f = r.finishedAt.getTime();
    if (r.durationMs !== null && r.durationMs !== undefined) out.d = r.durationMs;
    return out;
  });
}

/** A chunk back as rows (its refs resolved within it). */
function decodeChunk(executionId: string, chunkId: number, runs: StoredNodeRun[]): NodeRunRow[] {
  const rows: NodeRunRow[] = [];
  const at = ([index, side, port]: PortRef) => {
    const row = rows[index];
    const values = side === 0 ? row?.inputs : row?.outputs;
    return isPorts(values) ? values[port] : undefined;
  };
  const resolve = (kept: unknown, refs: Record<string, PortRef> | undefined) => {
    if (!refs) return kept ?? null;
    const values: Record<string, unknown> = { ...(kept as Record<string, unknown>) };
    for (const port in refs) values[port] = at(refs[port]!);
    return values;
  };
  for (let index = 0; index < runs.length; index++) {
    const r = runs[index]!;
    const row: NodeRunRow = {
      id: chunkId * CHUNK_SPAN + index,
      executionId,
      nodeId: r.n,
      attempt: r.a,
      status: r.s,
      nodeType: r.t,
      inputs: null,
      outputs: null,
      error: r.e ?? null,
      wait: r.w ?? null,
      startedAt: new Date(r.b),
      finishedAt: r.f === undefined ? null : new Date(r.f),
      durationMs: r.d ?? null,
    };
    // Inputs first: an output may be the run's own input.
    rows.push(row);
    row.inputs = resolve(r.i, r.ri);
    row.outputs = resolve(r.o, r.ro) as NodeRunRow['outputs'];
  }
  return rows;
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
  for (const chunk of chunks)
    for (const r of decodeChunk(executionId, chunk.id, chunk.runs as StoredNodeRun[]))
      latest.set(`${r.nodeId}\0${r.attempt}`, r);
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
  // Refs inside a chunk resolve against the runs before it: read the execution's runs (rare:
  // the history asks for one payload too large to show at once).
  const run = (await nodeRunsOf(db, executionId)).find((r) => r.id === nodeRunId);
  if (run) return run[field] ?? null;
  // A node run superseded by a later chunk (the detail view was read before it came).
  const chunkId = Math.floor(nodeRunId / CHUNK_SPAN);
  const [chunk] = await db
    .select({ runs: nodeRunChunks.runs })
    .from(nodeRunChunks)
    .where(and(eq(nodeRunChunks.executionId, executionId), eq(nodeRunChunks.id, chunkId)));
  if (!chunk) return undefined;
  const old = decodeChunk(executionId, chunkId, chunk.runs as StoredNodeRun[])[
    nodeRunId % CHUNK_SPAN
  ];
  return old ? (old[field] ?? null) : undefined;
}

/** The node runs of a batch as chunk rows: one per execution, its runs in the order recorded. */
export function chunkRows(runs: NodeRunInput[]): { execution_id: string; runs: StoredNodeRun[] }[] {
  const byExecution = new Map<string, NodeRunInput[]>();
  for (const r of runs) {
    const list = byExecution.get(r.executionId);
    if (list) list.push(r);
    else byExecution.set(r.executionId, [r]);
  }
  const rows: { execution_id: string; runs: StoredNodeRun[] }[] = [];
  for (const [id, list] of byExecution) rows.push({ execution_id: id, runs: encodeChunk(list) });
  return rows;
}

/**
 * Node runs by status over every execution (each attempt counted once, in its latest state):
 * for benchmarks and checks, it reads the whole history.
 */
export async function countNodeRunsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.execute<{ status: string; n: number | string }>(sql`
    select status, count(*) as n from (
      select distinct on (c.execution_id, r.value ->> 'n', r.value ->> 'a')
        r.value ->> 's' as status
      from node_run_chunks c, json_array_elements(c.runs) r
      order by c.execution_id, r.value ->> 'n', r.value ->> 'a', c.id desc
    ) latest group by status
    union all
    select status, count(*) from node_runs group by status`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: typeof rows }).rows;
  const out: Record<string, number> = {};
  for (const r of list as { status: string; n: number | string }[])
    out[r.status] = (out[r.status] ?? 0) + Number(r.n);
  return out;
}

/**
 * Checkpoints: every node result and every execution state change is recorded here, in batches
 * (group commit): one multi-row write every few milliseconds instead of a round trip per node.
 * `flush()` resolves once everything recorded so far is durable; the executor awaits it before a
 * side effect starts, before pausing and before handing an execution over (see DESIGN.md).
 *
 * The store behind it is the database, or memory for benchmarks of the executor alone.
 */
import { eq, sql } from 'drizzle-orm';
import type { ErrorInfo, ExecutionStatus, TriggerKind } from '@/lib/events';
import type { Db } from '../db/client';
import { chunkRows, nodeRunsOf } from '../db/node-runs';
import { executions, type NodeRunStatus, type NodeRunWait } from '../db/schema';
import type { Logger } from '../logger';
import { OperationalError } from './errors';
import { FifoMap } from './fifo-map';

export type ExecutionRecord = {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: ExecutionStatus;
  triggerKind: TriggerKind;
  triggerNodeId: string | null;
  input: unknown;
  output: unknown;
  error: ErrorInfo | null;
  rerunOf: string | null;
  nodesSucceeded: number;
  nodesFailed: number;
  owner: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  lastSeq: number;
};

export type NodeRunRecord = {
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

export type Checkpoint = { execution: ExecutionRecord; nodeRuns: NodeRunRecord[] };

export interface CheckpointStore {
  write(batch: { executions: ExecutionRecord[]; nodeRuns: NodeRunRecord[] }): Promise<void>;
  load(executionId: string): Promise<Checkpoint | null>;
}

const nodeRunKey = (r: NodeRunRecord) => `${r.executionId}\0${r.nodeId}\0${r.attempt}`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * JSON that Postgres accepts as jsonb: it refuses the NUL character and lone UTF-16 surrogates,
 * which JavaScript strings (a node's output) may hold. They become U+FFFD instead of failing
 * the whole batch, and with it every checkpoint behind it.
 */
export function storableJson(value: unknown): string {
  // JSON.stringify escapes exactly these as \u0000 and \udXXX (valid pairs stay characters);
  // the lookbehind skips an escaped backslash followed by the letters "u0000".
  const text = JSON.stringify(value);
  // Nearly every batch holds no escape at all: skip the regular expression then.
  if (!text.includes('\\u')) return text;
  return text.replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi, '\\ufffd');
}

const executionRows = (rows: ExecutionRecord[]) =>
  rows.map((r) => ({
    id: r.id,
    workflow_id: r.workflowId,
    workflow_version: r.workflowVersion,
    status: r.status,
    trigger_kind: r.triggerKind,
    trigger_node_id: r.triggerNodeId,
    input: r.input ?? null,
    output: r.output ?? null,
    error: r.error,
    rerun_of: r.rerunOf,
    nodes_succeeded: r.nodesSucceeded,
    nodes_failed: r.nodesFailed,
    owner: r.owner,
    started_at: iso(r.startedAt),
    finished_at: iso(r.finishedAt),
    last_seq: r.lastSeq,
  }));

/**
 * A batch is one statement, whatever its size: the rows travel as JSON parameters and
 * `jsonb_to_recordset` / `json_to_recordset` turn them back into rows (several times faster than
 * a multi-row VALUES insert built by the ORM, and the same SQL on PGlite and Postgres). The
 * executions are upserted in a data-modifying WITH, then the node runs appended as one chunk per
 * execution (db/node-runs.ts); one statement is atomic by itself, so it needs no BEGIN/COMMIT
 * round trips. `node_run_chunks` has no foreign key (see the schema): a batch that holds node runs
 * of an execution always holds its record too (the executor records the execution with each
 * node run, and the writer takes or holds back an execution's records together).
 */
const upsertExecutions = (json: string) => sql`
  insert into executions (id, workflow_id, workflow_version, status, trigger_kind, trigger_node_id, input,
    output, error, rerun_of, nodes_succeeded, nodes_failed, owner, started_at, finished_at, last_seq, updated_at)
  select id, workflow_id, workflow_version, status, trigger_kind, trigger_node_id, input, output, error, rerun_of,
    nodes_succeeded, nodes_failed, owner, started_at, finished_at, last_seq, now()
  from jsonb_to_recordset(${json}::jsonb) as t(id text, workflow_id text, workflow_version int, status text,
    trigger_kind text, trigger_node_id text, input jsonb, output jsonb, error jsonb, rerun_of text,
    nodes_succeeded int, nodes_failed int, owner text, started_at timestamptz, finished_at timestamptz, last_seq int)
  on conflict (id) do update set status = excluded.status, output = excluded.output, error = excluded.error,
    nodes_succeeded = excluded.nodes_succeeded, nodes_failed = excluded.nodes_failed, owner = excluded.owner,
    finished_at = excluded.finished_at, last_seq = greatest(executions.last_seq, excluded.last_seq),
    updated_at = excluded.updated_at`;

const appendChunks = (json: string) => sql`
  insert into node_run_chunks (execution_id, runs)
  select execution_id, runs from json_to_recordset(${json}::json) as t(execution_id text, runs json)`;

export function writeBatchStatement(batch: {
  executions: ExecutionRecord[];
  nodeRuns: NodeRunRecord[];
}) {
  const execs = batch.executions.length > 0 ? storableJson(executionRows(batch.executions)) : null;
  const chunks = batch.nodeRuns.length > 0 ? storableJson(chunkRows(batch.nodeRuns)) : null;
  if (execs && chunks)
    return sql`with e as (${upsertExecutions(execs)} returning 1) ${appendChunks(chunks)}`;
  if (execs) return upsertExecutions(execs);
  if (chunks) return appendChunks(chunks);
  return null;
}

export function createDbCheckpointStore(db: Db): CheckpointStore {
  return {
    async write(batch) {
      const statement = writeBatchStatement(batch);
      if (statement) await db.execute(statement);
    },
    async load(executionId) {
      const [row] = await db.select().from(executions).where(eq(executions.id, executionId));
      if (!row) return null;
      const runs = await nodeRunsOf(db, executionId);
      const { updatedAt: _u, ...execution } = row;
      return {
        execution: execution as ExecutionRecord,
        nodeRuns: runs.map(({ id: _id, ...r }) => r as NodeRunRecord),
      };
    },
  };
}

/**
 * Keeps checkpoints in memory, the newest `maxExecutions` executions: for benchmarks of the
 * executor alone, and nothing else.
 */
export function createMemoryCheckpointStore(
  maxExecutions = 10_000,
): CheckpointStore & { size(): number } {
  const execs = new FifoMap<string, ExecutionRecord>();
  const runs = new Map<string, Map<string, NodeRunRecord>>();
  return {
    async write(batch) {
      // The writer hands over copies it no longer touches: keep them as they are.
      for (const e of batch.executions) {
        execs.set(e.id, e);
        if (execs.size > maxExecutions) runs.delete(execs.shift()![0]);
      }
      for (const r of batch.nodeRuns) {
        let perExecution = runs.get(r.executionId);
        if (!perExecution) runs.set(r.executionId, (perExecution = new Map()));
        perExecution.set(nodeRunKey(r), r);
      }
    },
    async load(executionId) {
      const execution = execs.get(executionId);
      if (!execution) return null;
      return {
        execution: structuredClone(execution),
        nodeRuns: [...(runs.get(executionId)?.values() ?? [])],
      };
    },
    size: () => execs.size,
  };
}

/**
 * The group-commit writer. Records are merged by key (the latest state of an execution or a node
 * attempt wins) and written together at most `maxDelayMs` after the first one arrived.
 *
 * Up to `maxInFlight` batches are written at once (Postgres: one connection each), but an
 * execution is never in two batches in flight: its records stay pending until its batch is done,
 * so its rows are written in order and two batches never touch the same rows. A failed write
 * puts its records back for the next batch and fails the `flush()` calls waiting for them, so no
 * side effect starts on an unrecorded checkpoint.
 */
export function createCheckpointWriter(
  store: CheckpointStore,
  options: { maxDelayMs?: number; maxInFlight?: number; log: Logger },
) {
  const maxDelayMs = options.maxDelayMs ?? 2;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  type Entry<T> = { record: T; gen: number };
  const pendingExecutions = new Map<string, Entry<ExecutionRecord>>();
  const pendingRuns = new Map<string, Entry<NodeRunRecord>>();
  /** Per execution: the newest generation recorded, and the newest written. */
  const recorded = new Map<string, number>();
  const durable = new Map<string, number>();
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  type Waiter = {
    executionId: string;
    gen: number;
    resolve: () => void;
    reject: (e: unknown) => void;
  };
  /** Per execution: the flush() calls waiting for its records. */
  const waiters = new Map<string, Waiter[]>();
  let generation = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let immediate = false;

  const hasWork = () => {
    for (const id of pendingExecutionIds()) if (!busy.has(id)) return true;
    return false;
  };
  function* pendingExecutionIds() {
    for (const id of pendingExecutions.keys()) yield id;
    for (const e of pendingRuns.values()) yield e.record.executionId;
  }

  const schedule = (delay = maxDelayMs) => {
    if (timer || immediate || inFlight.size >= maxInFlight || !hasWork()) return;
    if (delay <= 0) {
      // setTimeout(0) waits ~1 ms; an immediate runs as soon as the current work yields.
      immediate = true;
      setImmediate(() => {
        immediate = false;
        startBatch();
      });
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      startBatch();
    }, delay);
  };

  /**
   * After a batch is written: only the executions it held can have become durable (or done
   * with), so only their waiters and bookkeeping are looked at, not every execution's.
   */
  function settleWaiters(ids: Iterable<string>) {
    for (const id of ids) {
      const durableGen = durable.get(id) ?? 0;
      const list = waiters.get(id);
      if (list) {
        const still = list.filter((w) => w.gen > durableGen);
        for (const w of list) if (w.gen <= durableGen) w.resolve();
        if (still.length > 0) waiters.set(id, still);
        else waiters.delete(id);
      }
      if (recorded.get(id) === durableGen && !busy.has(id)) {
        recorded.delete(id);
        durable.delete(id);
      }
    }
  }

  function startBatch() {
    while (inFlight.size < maxInFlight && hasWork()) {
      // Copied now: the executor goes on changing the live records while the batch is written.
      const executions: ExecutionRecord[] = [];
      const nodeRuns: NodeRunRecord[] = [];
      const upTo = new Map<string, number>();
      const note = (id: string, gen: number) => upTo.set(id, Math.max(upTo.get(id) ?? 0, gen));
      for (const [id, e] of pendingExecutions) {
        if (busy.has(id)) continue;
        executions.push({ ...e.record });
        note(id, e.gen);
        pendingExecutions.delete(id);
      }
      for (const [key, e] of pendingRuns) {
        const id = e.record.executionId;
        if (busy.has(id)) continue;
        nodeRuns.push(e.record);
        note(id, e.gen);
        pendingRuns.delete(key);
      }
      for (const id of upTo.keys()) busy.add(id);
      const write = writeBatch({ executions, nodeRuns }, upTo);
      inFlight.add(write);
      void write.finally(() => {
        inFlight.delete(write);
        if (hasWork()) schedule(failures ? Math.min(5_000, 50 * 2 ** failures) : 0);
      });
    }
  }

  async function writeBatch(
    batch: { executions: ExecutionRecord[]; nodeRuns: NodeRunRecord[] },
    upTo: Map<string, number>,
  ) {
    try {
      await store.write(batch);
      failures = 0;
      for (const [id, gen] of upTo) {
        durable.set(id, Math.max(durable.get(id) ?? 0, gen));
        busy.delete(id);
      }
      settleWaiters(upTo.keys());
    } catch (err) {
      failures += 1;
      options.log.error(
        { err, rows: batch.executions.length + batch.nodeRuns.length },
        'checkpoint write failed',
      );
      const gen = ++generation;
      for (const e of batch.executions)
        if (!pendingExecutions.has(e.id)) pendingExecutions.set(e.id, { record: e, gen });
      for (const r of batch.nodeRuns)
        if (!pendingRuns.has(nodeRunKey(r))) pendingRuns.set(nodeRunKey(r), { record: r, gen });
      for (const id of upTo.keys()) {
        busy.delete(id);
        recorded.set(id, Math.max(recorded.get(id) ?? 0, gen));
      }
      const error = new OperationalError(
        'CHECKPOINT_FAILED',
        `could not record the checkpoint: ${(err as Error).message}`,
        { cause: err },
      );
      for (const id of upTo.keys()) {
        for (const w of waiters.get(id) ?? []) w.reject(error);
        waiters.delete(id);
      }
    }
  }

  const mark = (executionId: string) => {
    generation += 1;
    recorded.set(executionId, generation);
    return generation;
  };

  function flushExecution(executionId: string): Promise<void> {
    const target = recorded.get(executionId);
    if (target === undefined || (durable.get(executionId) ?? 0) >= target) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = { executionId, gen: target, resolve, reject };
      const list = waiters.get(executionId);
      if (list) list.push(waiter);
      else waiters.set(executionId, [waiter]);
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      schedule(0);
    });
  }

  return {
    /** Records the execution's current state; it is copied when its batch is taken. */
    execution(record: ExecutionRecord) {
      pendingExecutions.set(record.id, { record, gen: mark(record.id) });
      schedule();
    },
    /** Takes ownership of `record`: the caller must not change it afterwards. */
    nodeRun(record: NodeRunRecord) {
      pendingRuns.set(nodeRunKey(record), { record, gen: mark(record.executionId) });
      schedule();
    },
    /**
     * Resolves when every record made before the call is durable: of one execution, or of all.
     * @example await writer.flush(run.id) // before a side effect of that execution starts
     */
    flush(executionId?: string): Promise<void> {
      if (executionId !== undefined) return flushExecution(executionId);
      return Promise.all([...recorded.keys()].map(flushExecution)).then(() => undefined);
    },
    /** Writes what is pending and waits for it (shutdown). */
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all([...recorded.keys()].map((id) => flushExecution(id).catch(() => {})));
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    pending: () => pendingExecutions.size + pendingRuns.size,
  };
}

export type CheckpointWriter = ReturnType<typeof createCheckpointWriter>;

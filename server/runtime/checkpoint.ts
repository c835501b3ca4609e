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
import { executions, nodeRuns, type NodeRunStatus, type NodeRunWait } from '../db/schema';
import type { Logger } from '../logger';
import { OperationalError } from './errors';

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
const CHUNK = 500;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const excluded = (column: string) => sql.raw(`excluded."${column}"`);

export function createDbCheckpointStore(db: Db): CheckpointStore {
  return {
    async write(batch) {
      await db.transaction(async (tx) => {
        for (const rows of chunks(batch.executions)) {
          await tx
            .insert(executions)
            .values(rows.map((r) => ({ ...r, updatedAt: new Date() })))
            .onConflictDoUpdate({
              target: executions.id,
              set: {
                status: excluded('status'),
                output: excluded('output'),
                error: excluded('error'),
                nodesSucceeded: excluded('nodes_succeeded'),
                nodesFailed: excluded('nodes_failed'),
                owner: excluded('owner'),
                finishedAt: excluded('finished_at'),
                lastSeq: sql`greatest(${executions.lastSeq}, excluded."last_seq")`,
                updatedAt: excluded('updated_at'),
              },
            });
        }
        for (const rows of chunks(batch.nodeRuns)) {
          await tx
            .insert(nodeRuns)
            .values(rows)
            .onConflictDoUpdate({
              target: [nodeRuns.executionId, nodeRuns.nodeId, nodeRuns.attempt],
              set: {
                status: excluded('status'),
                inputs: excluded('inputs'),
                outputs: excluded('outputs'),
                error: excluded('error'),
                wait: excluded('wait'),
                finishedAt: excluded('finished_at'),
                durationMs: excluded('duration_ms'),
              },
            });
        }
      });
    },
    async load(executionId) {
      const [row] = await db.select().from(executions).where(eq(executions.id, executionId));
      if (!row) return null;
      const runs = await db
        .select()
        .from(nodeRuns)
        .where(eq(nodeRuns.executionId, executionId))
        .orderBy(nodeRuns.startedAt, nodeRuns.id);
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
  const execs = new Map<string, ExecutionRecord>();
  const runs = new Map<string, Map<string, NodeRunRecord>>();
  return {
    async write(batch) {
      // The writer hands over copies it no longer touches: keep them as they are.
      for (const e of batch.executions) {
        execs.set(e.id, e);
        if (execs.size > maxExecutions) {
          const oldest = execs.keys().next().value!;
          execs.delete(oldest);
          runs.delete(oldest);
        }
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
 * attempt wins), written together at most `maxDelayMs` after the first one arrived, one batch in
 * flight at a time. A failed write keeps its records for the next one and fails the waiting
 * `flush()` calls, so no side effect starts on an unrecorded checkpoint.
 */
export function createCheckpointWriter(
  store: CheckpointStore,
  options: { maxDelayMs?: number; log: Logger },
) {
  const maxDelayMs = options.maxDelayMs ?? 2;
  let pendingExecutions = new Map<string, ExecutionRecord>();
  let pendingRuns = new Map<string, NodeRunRecord>();
  let generation = 0;
  let written = 0;
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let waiters: { generation: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let failures = 0;

  let immediate = false;
  const schedule = (delay = maxDelayMs) => {
    if (timer || immediate || writing) return;
    if (delay <= 0) {
      // setTimeout(0) waits ~1 ms; an immediate runs as soon as the current work yields.
      immediate = true;
      setImmediate(() => {
        immediate = false;
        void writeBatch();
      });
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      void writeBatch();
    }, delay);
  };

  async function writeBatch(): Promise<void> {
    if (pendingExecutions.size === 0 && pendingRuns.size === 0) return;
    const upTo = generation;
    const batch = {
      executions: [...pendingExecutions.values()],
      nodeRuns: [...pendingRuns.values()],
    };
    pendingExecutions = new Map();
    pendingRuns = new Map();
    writing = store.write(batch);
    try {
      await writing;
      failures = 0;
      written = upTo;
      const done = waiters.filter((w) => w.generation <= upTo);
      waiters = waiters.filter((w) => w.generation > upTo);
      for (const w of done) w.resolve();
    } catch (err) {
      failures += 1;
      options.log.error(
        { err, rows: batch.executions.length + batch.nodeRuns.length },
        'checkpoint write failed',
      );
      for (const e of batch.executions)
        if (!pendingExecutions.has(e.id)) pendingExecutions.set(e.id, e);
      for (const r of batch.nodeRuns)
        if (!pendingRuns.has(nodeRunKey(r))) pendingRuns.set(nodeRunKey(r), r);
      const failed = waiters.filter((w) => w.generation <= upTo);
      waiters = waiters.filter((w) => w.generation > upTo);
      const error = new OperationalError(
        'CHECKPOINT_FAILED',
        `could not record the checkpoint: ${(err as Error).message}`,
        { cause: err },
      );
      for (const w of failed) w.reject(error);
    } finally {
      writing = null;
    }
    if (pendingExecutions.size > 0 || pendingRuns.size > 0)
      schedule(failures ? Math.min(5_000, 50 * 2 ** failures) : 0);
  }

  return {
    execution(record: ExecutionRecord) {
      pendingExecutions.set(record.id, { ...record });
      generation += 1;
      schedule();
    },
    /** Takes ownership of `record`: the caller must not change it afterwards. */
    nodeRun(record: NodeRunRecord) {
      pendingRuns.set(nodeRunKey(record), record);
      generation += 1;
      schedule();
    },
    /** Resolves when every record made before the call is durable. */
    flush(): Promise<void> {
      if (written >= generation) return Promise.resolve();
      const target = generation;
      return new Promise<void>((resolve, reject) => {
        waiters.push({ generation: target, resolve, reject });
        if (timer) {
          clearTimeout(timer);
          timer = null;
        }
        if (!writing) void writeBatch();
      });
    },
    /** Writes what is pending and waits for it (shutdown). */
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      while (writing) await writing.catch(() => {});
      await writeBatch();
    },
    pending: () => pendingExecutions.size + pendingRuns.size,
  };
}

export type CheckpointWriter = ReturnType<typeof createCheckpointWriter>;

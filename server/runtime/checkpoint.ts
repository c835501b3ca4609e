/**
 * Checkpoints: every node result and every execution state change is recorded here, in batches
 * (group commit): one multi-row write every few milliseconds instead of a round trip per node.
 * `flush()` resolves once everything recorded so far is durable; the executor awaits it before a
 * side effect starts, before pausing and before handing an execution over (see DESIGN.md).
 *
 * The store behind it is the database, or memory for benchmarks of the executor alone.
 */
import { eq } from 'drizzle-orm';
import type { ErrorInfo, ExecutionStatus, TriggerKind } from '@/lib/events';
import { preparedRunner, type Db, type Query, type StatementRunner } from '../db/client';
import { chunkRows, nodeRunsOf, type NodeRunInput } from '../db/node-runs';
import { executions } from '../db/schema';
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

/** A node run as the executor records it (the shape the database layer stores). */
export type NodeRunRecord = NodeRunInput;

export type Checkpoint = { execution: ExecutionRecord; nodeRuns: NodeRunRecord[] };

export interface CheckpointStore {
  write(batch: { executions: ExecutionRecord[]; nodeRuns: NodeRunRecord[] }): Promise<void>;
  load(executionId: string): Promise<Checkpoint | null>;
}

/** A node attempt's key among the node runs of its execution (most node runs are a first attempt). */
const attemptKey = (r: NodeRunRecord) => (r.attempt === 1 ? r.nodeId : `${r.nodeId}\0${r.attempt}`);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * JSON that Postgres accepts as jsonb: it refuses the NUL character and lone UTF-16 surrogates,
 * which JavaScript strings (a node's output) may hold. They become U+FFFD instead of failing
 * the whole batch, and with it every checkpoint behind it.
 */
export function storableJson(value: unknown): string {
  // JSON.stringify escapes exactly these as \u0000 and \udXXX (valid pairs stay characters);
  // the lookbehind skips an escaped backslash followed by the letters "u0000".
  // A value JSON has no form for (a function, a symbol, undefined) is null.
  const text = (JSON.stringify(value) as string | undefined) ?? 'null';
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

/*
 * A batch is one statement, whatever its size: one statement is atomic by itself, so it needs no
 * BEGIN/COMMIT round trips. The executions are upserted in a data-modifying WITH, then the node
 * runs appended as one chunk per execution (db/node-runs.ts). `node_run_chunks` has no foreign
 * key (see the schema): a batch that holds node runs of an execution always holds its record too
 * (the executor records the execution with each node run, and the writer takes or holds back an
 * execution's records together).
 *
 * Two forms of the same statement (on Postgres each text is prepared once per connection, see
 * preparedRunner):
 * - up to VALUES_ROWS executions, either each with its chunk or none with one (or chunks
 *   alone): a multi-row VALUES with a parameter per column. Postgres spends ~20% less CPU on a
 *   batch of 5 than on the JSON form (no JSON document to parse into rows), and batches this
 *   small are the ones a webhook waits for. A text per count: at most 3 × VALUES_ROWS of them.
 * - any other batch: the rows travel as two JSON parameters that `jsonb_to_recordset` /
 *   `json_to_recordset` turn back into rows (three texts, and no limit on the parameter count).
 */
const VALUES_ROWS = 16;
const EXECUTION_COLUMNS = `id, workflow_id, workflow_version, status, trigger_kind, trigger_node_id, input,
    output, error, rerun_of, nodes_succeeded, nodes_failed, owner, started_at, finished_at, last_seq, updated_at`;
// A queued execution (runtime.ts: concurrency "queue") starts when its turn comes.
const ON_CONFLICT = `on conflict (id) do update set status = excluded.status, output = excluded.output,
    started_at = case when executions.status = 'queued' then excluded.started_at else executions.started_at end,
    error = excluded.error, nodes_succeeded = excluded.nodes_succeeded, nodes_failed = excluded.nodes_failed,
    owner = excluded.owner, finished_at = excluded.finished_at,
    last_seq = greatest(executions.last_seq, excluded.last_seq), updated_at = excluded.updated_at`;
/** The casts of an execution's parameters, in EXECUTION_COLUMNS order (updated_at is now()). */
const EXECUTION_CASTS = [
  'text',
  'text',
  'int',
  'text',
  'text',
  'text',
  'text::jsonb',
  'text::jsonb',
  'text::jsonb',
  'text',
  'int',
  'int',
  'text',
  'text::timestamptz',
  'text::timestamptz',
  'int',
];

const combine = (upsert: string | null, append: string | null) =>
  upsert && append ? `with e as (${upsert} returning 1) ${append}` : (upsert ?? append)!;

const JSON_UPSERT = `insert into executions (${EXECUTION_COLUMNS})
  select id, workflow_id, workflow_version, status, trigger_kind, trigger_node_id, input, output, error, rerun_of,
    nodes_succeeded, nodes_failed, owner, started_at, finished_at, last_seq, now()
  from jsonb_to_recordset($1::text::jsonb) as t(id text, workflow_id text, workflow_version int, status text,
    trigger_kind text, trigger_node_id text, input jsonb, output jsonb, error jsonb, rerun_of text,
    nodes_succeeded int, nodes_failed int, owner text, started_at timestamptz, finished_at timestamptz, last_seq int)
  ${ON_CONFLICT}`;
const jsonAppend = (param: string) => `insert into node_run_chunks (execution_id, runs)
  select execution_id, runs from json_to_recordset(${param}::text::json) as t(execution_id text, runs json)`;
/** The JSON form's three texts: executions and chunks, executions alone, chunks alone. */
const JSON_TEXTS = {
  both: combine(JSON_UPSERT, jsonAppend('$2')),
  executions: JSON_UPSERT,
  chunks: jsonAppend('$1'),
};

const VALUES_TEXTS = new Map<number, string>();
function valuesText(executions: number, chunks: number): string {
  const key = executions * (VALUES_ROWS + 1) + chunks;
  let text = VALUES_TEXTS.get(key);
  if (text === undefined) {
    let n = 0;
    const row = (casts: string[], tail = '') =>
      `(${casts.map((cast) => `$${++n}::${cast}`).join(', ')}${tail})`;
    const rows = Array.from({ length: executions }, () => row(EXECUTION_CASTS, ', now()'));
    const runs = Array.from({ length: chunks }, () => row(['text', 'text::json']));
    text = combine(
      executions
        ? `insert into executions (${EXECUTION_COLUMNS}) values ${rows.join(', ')} ${ON_CONFLICT}`
        : null,
      chunks ? `insert into node_run_chunks (execution_id, runs) values ${runs.join(', ')}` : null,
    );
    VALUES_TEXTS.set(key, text);
  }
  return text;
}

/** A JSON column's parameter: SQL null for no value (nor one that JSON writes as null). */
const jsonParam = (value: unknown) => {
  if (value === null || value === undefined) return null;
  const text = storableJson(value);
  return text === 'null' ? null : text;
};

/**
 * A text column's parameter: Postgres refuses the NUL character in text (the JSON form escaped
 * it). Ids are limited to safe characters (lib/workflow.ts), so this only guards the others.
 */
const textParam = (value: string | null) =>
  value !== null && value.includes('\0') ? value.replaceAll('\0', '\ufffd') : value;

/** The statement that writes a batch (null: nothing to write). */
export function writeBatchStatement(batch: {
  executions: ExecutionRecord[];
  nodeRuns: NodeRunRecord[];
}): Query | null {
  const chunks = batch.nodeRuns.length > 0 ? chunkRows(batch.nodeRuns) : [];
  const e = batch.executions.length;
  const c = chunks.length;
  if (e === 0 && c === 0) return null;
  // VALUES for the usual shapes only (each execution with its chunk, or none, or chunks alone),
  // so that a connection prepares at most 3 × VALUES_ROWS statement texts.
  if (e > VALUES_ROWS || c > VALUES_ROWS || (e > 0 && c > 0 && c !== e)) {
    const execs = e > 0 ? storableJson(executionRows(batch.executions)) : null;
    const runs = c > 0 ? storableJson(chunks) : null;
    if (execs && runs) return { text: JSON_TEXTS.both, params: [execs, runs] };
    return execs
      ? { text: JSON_TEXTS.executions, params: [execs] }
      : { text: JSON_TEXTS.chunks, params: [runs] };
  }
  const params: unknown[] = [];
  for (const r of batch.executions)
    params.push(
      textParam(r.id),
      textParam(r.workflowId),
      r.workflowVersion,
      r.status,
      r.triggerKind,
      textParam(r.triggerNodeId),
      jsonParam(r.input),
      jsonParam(r.output),
      jsonParam(r.error),
      textParam(r.rerunOf),
      r.nodesSucceeded,
      r.nodesFailed,
      textParam(r.owner),
      iso(r.startedAt),
      iso(r.finishedAt),
      r.lastSeq,
    );
  for (const chunk of chunks) params.push(textParam(chunk.execution_id), storableJson(chunk.runs));
  return { text: valuesText(e, c), params };
}

/**
 * @param run runs the batch statements: `Database.checkpoints` (pipelined on a connection of its
 * own); by default, prepared statements over `db`'s pool.
 */
export function createDbCheckpointStore(
  db: Db,
  run: StatementRunner = preparedRunner(db),
): CheckpointStore {
  return {
    async write(batch) {
      const statement = writeBatchStatement(batch);
      if (statement) await run(statement);
    },
    async load(executionId) {
      const [row] = await db.select().from(executions).where(eq(executions.id, executionId));
      if (!row) return null;
      const runs = await nodeRunsOf(db, executionId);
      const { updatedAt: _u, cancelRequested: _c, ...execution } = row;
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
        perExecution.set(attemptKey(r), r);
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
 * Up to `maxInFlight` batches are written at once (Postgres: pipelined on one connection), but an
 * execution is never in two batches in flight: its records stay pending until its batch is done,
 * so its rows are written in order and two batches never touch the same rows. A failed write
 * puts its records back for the next batch and fails the `flush()` calls waiting for them, so no
 * side effect starts on an unrecorded checkpoint.
 *
 * All bookkeeping of an execution lives in one object (`Slot`), found with one map lookup per
 * record: its pending record and node runs, the generations recorded and written, whether a batch
 * in flight holds it, and the flush() calls waiting for it. A record costs no allocation of its
 * own and no key string; a batch takes the slots of the `ready` list instead of scanning every
 * pending record.
 */
export function createCheckpointWriter(
  store: CheckpointStore,
  options: {
    maxDelayMs?: number;
    maxInFlight?: number;
    log: Logger;
    /** Told of each batch written: its executions, and how long the write took. */
    onBatch?: (executions: number, seconds: number) => void;
  },
) {
  const maxDelayMs = options.maxDelayMs ?? 2;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  type Waiter = { gen: number; resolve: () => void; reject: (e: unknown) => void };
  type Slot = {
    id: string;
    /** The newest generation recorded, and the newest written. */
    recorded: number;
    durable: number;
    /** Pending: the execution's latest state (null: none since the last batch took it). */
    execution: ExecutionRecord | null;
    /** Pending node runs, one per node attempt (the latest state of each). */
    runs: NodeRunRecord[];
    /** Where each pending node attempt is in `runs`, once they are too many to scan. */
    index: Map<string, number> | null;
    /** In a batch in flight: its pending records wait for that batch. */
    busy: boolean;
    /** In `ready` (pending records, not busy). */
    ready: boolean;
    waiters: Waiter[] | null;
  };
  const slots = new Map<string, Slot>();
  /** Slots with pending records and no batch in flight, in the order they became so. */
  let ready: Slot[] = [];
  /** Batches being written, and how many executions each holds. */
  const inFlight = new Map<Promise<void>, number>();
  let generation = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let immediate = false;

  const slotOf = (id: string): Slot => {
    let slot = slots.get(id);
    if (!slot) {
      slot = {
        id,
        recorded: 0,
        durable: 0,
        execution: null,
        runs: [],
        index: null,
        busy: false,
        ready: false,
        waiters: null,
      };
      slots.set(id, slot);
    }
    return slot;
  };

  const smallestInFlight = () => {
    let smallest = Infinity;
    for (const size of inFlight.values()) if (size < smallest) smallest = size;
    return smallest;
  };

  const markReady = (slot: Slot) => {
    if (slot.ready || slot.busy) return;
    slot.ready = true;
    ready.push(slot);
  };

  /**
   * When a batch is sent. With no batch in flight, at once. With batches in flight (on Postgres,
   * pipelined on one connection: see `Database.checkpoints`), ready executions are held back until
   * they are as many as the smallest batch in flight holds, and at least 2: at 10 concurrent
   * webhooks, the 5 requests answered by one batch start 5 more, and their batch is sent while
   * the other is written, so Postgres starts it the moment the first commits instead of after a
   * round trip to this process. Each batch keeps its ~5 executions: sending every ready execution
   * at once made batches of 1–2 and cost a third more CPU per request on both sides (a batch costs
   * a fixed part besides its rows: a commit, waking both ends up). MIN_SPLIT or more ready at once
   * (50 webhooks answered by one batch start 50 more) go as several batches of MIN_SPLIT or more,
   * so the first commit answers its share sooner.
   */
  const MIN_SPLIT = 16;
  /** Past this many pending node runs, an execution's are found by key rather than by a scan. */
  const SCAN_LIMIT = 16;

  /** Keeps the latest state of each node attempt: replaces an earlier record of the same one. */
  const putRun = (slot: Slot, record: NodeRunRecord, replace: boolean) => {
    const runs = slot.runs;
    if (slot.index) {
      const key = attemptKey(record);
      const at = slot.index.get(key);
      if (at === undefined) slot.index.set(key, runs.push(record) - 1);
      else if (replace) runs[at] = record;
      return;
    }
    for (let i = runs.length - 1; i >= 0; i--) {
      const r = runs[i]!;
      if (r.nodeId === record.nodeId && r.attempt === record.attempt) {
        if (replace) runs[i] = record;
        return;
      }
    }
    runs.push(record);
    if (runs.length > SCAN_LIMIT) slot.index = new Map(runs.map((r, i) => [attemptKey(r), i]));
  };

  const schedule = (delay = maxDelayMs) => {
    if (timer || immediate || inFlight.size >= maxInFlight || ready.length === 0) return;
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

  /** Forgets a slot with nothing pending, in flight or waiting, and everything written. */
  const release = (slot: Slot) => {
    if (
      !slot.busy &&
      !slot.ready &&
      slot.waiters === null &&
      slot.recorded === slot.durable &&
      slot.execution === null &&
      slot.runs.length === 0
    )
      slots.delete(slot.id);
  };

  function startBatch() {
    while (inFlight.size < maxInFlight && ready.length > 0) {
      if (inFlight.size > 0 && ready.length < Math.min(MIN_SPLIT, Math.max(2, smallestInFlight())))
        return;
      // As many batches as may be in flight, each of MIN_SPLIT or more, evenly sized.
      const batches = Math.max(
        1,
        Math.min(maxInFlight - inFlight.size, Math.floor(ready.length / MIN_SPLIT)),
      );
      const size = Math.ceil(ready.length / batches);
      const taken = ready.length <= size ? ready : ready.slice(0, size);
      ready = taken === ready ? [] : ready.slice(size);
      // Copied now: the executor goes on changing the live records while the batch is written.
      const executions: ExecutionRecord[] = [];
      const nodeRuns: NodeRunRecord[] = [];
      const upTo: number[] = [];
      for (const slot of taken) {
        slot.ready = false;
        slot.busy = true;
        upTo.push(slot.recorded);
        if (slot.execution) {
          executions.push({ ...slot.execution });
          slot.execution = null;
        }
        if (slot.runs.length > 0) {
          for (const r of slot.runs) nodeRuns.push(r);
          slot.runs = [];
          slot.index = null;
        }
      }
      const write = writeBatch({ executions, nodeRuns }, taken, upTo);
      inFlight.set(write, taken.length);
      void write.finally(() => {
        inFlight.delete(write);
        if (ready.length > 0) schedule(failures ? Math.min(5_000, 50 * 2 ** failures) : 0);
      });
    }
  }

  async function writeBatch(
    batch: { executions: ExecutionRecord[]; nodeRuns: NodeRunRecord[] },
    taken: Slot[],
    upTo: number[],
  ) {
    try {
      const started = performance.now();
      await store.write(batch);
      options.onBatch?.(taken.length, (performance.now() - started) / 1000);
      failures = 0;
      for (let i = 0; i < taken.length; i++) {
        const slot = taken[i]!;
        if (upTo[i]! > slot.durable) slot.durable = upTo[i]!;
        slot.busy = false;
        // Only the executions this batch held can have become durable: settle their waiters.
        const list = slot.waiters;
        if (list) {
          let still: Waiter[] | null = null;
          for (const w of list) {
            if (w.gen <= slot.durable) w.resolve();
            else (still ??= []).push(w);
          }
          slot.waiters = still;
        }
        if (slot.execution !== null || slot.runs.length > 0) markReady(slot);
        else release(slot);
      }
    } catch (err) {
      failures += 1;
      // A batch holds several executions: name the first 20 (the line stays short) and count them.
      options.log.error(
        {
          err,
          rows: batch.executions.length + batch.nodeRuns.length,
          executions: taken.length,
          executionIds: taken.slice(0, 20).map((slot) => slot.id),
        },
        'checkpoint write failed',
      );
      const gen = ++generation;
      for (const e of batch.executions) {
        const slot = slots.get(e.id)!;
        if (slot.execution === null) slot.execution = e;
      }
      for (const r of batch.nodeRuns) putRun(slots.get(r.executionId)!, r, false);
      const error = new OperationalError(
        'CHECKPOINT_FAILED',
        `could not record the checkpoint: ${(err as Error).message}`,
        { cause: err },
      );
      for (const slot of taken) {
        slot.busy = false;
        if (gen > slot.recorded) slot.recorded = gen;
        const list = slot.waiters;
        slot.waiters = null;
        if (list) for (const w of list) w.reject(error);
        markReady(slot);
      }
    }
  }

  function flushSlot(slot: Slot): Promise<void> {
    if (slot.durable >= slot.recorded) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = { gen: slot.recorded, resolve, reject };
      if (slot.waiters) slot.waiters.push(waiter);
      else slot.waiters = [waiter];
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      schedule(0);
    });
  }

  const flushAll = (onError?: () => void) =>
    Promise.all(
      [...slots.values()].map((slot) =>
        onError ? flushSlot(slot).catch(onError) : flushSlot(slot),
      ),
    ).then(() => undefined);

  return {
    /** Records the execution's current state; it is copied when its batch is taken. */
    execution(record: ExecutionRecord) {
      const slot = slotOf(record.id);
      slot.execution = record;
      slot.recorded = ++generation;
      markReady(slot);
      schedule();
    },
    /** Takes ownership of `record`: the caller must not change it afterwards. */
    nodeRun(record: NodeRunRecord) {
      const slot = slotOf(record.executionId);
      putRun(slot, record, true);
      slot.recorded = ++generation;
      markReady(slot);
      schedule();
    },
    /**
     * Resolves when every record made before the call is durable: of one execution, or of all.
     * @example await writer.flush(run.id) // before a side effect of that execution starts
     */
    flush(executionId?: string): Promise<void> {
      if (executionId === undefined) return flushAll();
      const slot = slots.get(executionId);
      return slot ? flushSlot(slot) : Promise.resolve();
    },
    /** Writes what is pending and waits for it (shutdown). */
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await flushAll(() => {});
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.keys()]);
    },
    pending: () => {
      let n = 0;
      for (const slot of slots.values()) n += (slot.execution ? 1 : 0) + slot.runs.length;
      return n;
    },
  };
}

export type CheckpointWriter = ReturnType<typeof createCheckpointWriter>;

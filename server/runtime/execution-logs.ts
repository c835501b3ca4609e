/**
 * Execution log lines into the database, for the history's log view: what log nodes and other
 * nodes write through `ctx.log`, node failures, retries, halts and resumes. Pino still writes
 * them to stdout by its own level; this keeps lines at or above `level` (default info) per
 * execution, at most `maxLines` each, and writes them in batches off the hot path, like the
 * checkpoint writer: a line costs a push onto an array; a line below the level costs a compare.
 *
 * A batch waits until the checkpoints of its executions are durable (so their rows exist) and
 * skips lines of executions deleted meanwhile. Lines are history, not checkpoints: a batch that
 * fails is logged and dropped, never retried forever.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { ExecutionLogLevel } from '../db/schema';
import type { Logger } from '../logger';
import { storableJson } from './checkpoint';

export type { ExecutionLogLevel };

export const logLevels: readonly ExecutionLogLevel[] = ['debug', 'info', 'warn', 'error'];
const rank: Record<ExecutionLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export type ExecutionLogSink = {
  /** Whether lines of this level are kept: ask before building a line (hot path). */
  enabled(level: ExecutionLogLevel): boolean;
  line(
    executionId: string,
    level: ExecutionLogLevel,
    nodeId: string | null,
    msg: string,
    data?: unknown,
  ): void;
  /** The execution ended in this process: say what was dropped, and forget its count. */
  finished(executionId: string): void;
};

type Line = {
  executionId: string;
  ts: number;
  level: ExecutionLogLevel;
  nodeId: string | null;
  msg: string;
  data: unknown;
};

const MAX_DATA_CHARS = 8_000;
const MAX_MSG_CHARS = 2_000;
const MAX_BATCH = 5_000;

/** A line's data as stored: errors by their message, large values as a preview. */
function storableData(data: unknown): unknown {
  if (data === undefined || data === null) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(data, (_k, v: unknown) =>
      v instanceof Error
        ? { name: v.name, message: v.message }
        : typeof v === 'bigint'
          ? String(v)
          : v,
    );
  } catch {
    return { __unserializable: true };
  }
  if (json === undefined) return null;
  if (json.length <= MAX_DATA_CHARS) return JSON.parse(json);
  return { __truncated: true, bytes: Buffer.byteLength(json), preview: json.slice(0, 1_000) };
}

const insertLines = (lines: Line[]) => sql`
  insert into execution_logs (execution_id, ts, level, node_id, msg, data)
  select t.execution_id, t.ts, t.level, t.node_id, t.msg, t.data
  from jsonb_to_recordset(${storableJson(
    lines.map((l, n) => ({
      n,
      execution_id: l.executionId,
      ts: new Date(l.ts).toISOString(),
      level: l.level,
      node_id: l.nodeId,
      msg: l.msg.length > MAX_MSG_CHARS ? `${l.msg.slice(0, MAX_MSG_CHARS - 1)}…` : l.msg,
      data: storableData(l.data),
    })),
  )}::jsonb) as t(n int, execution_id text, ts timestamptz, level text, node_id text,
    msg text, data jsonb)
  where exists (select 1 from executions e where e.id = t.execution_id)
  order by t.n`;

export function createExecutionLogWriter(o: {
  db: Db;
  log: Logger;
  level?: ExecutionLogLevel;
  maxLines?: number;
  maxDelayMs?: number;
  /** Resolves once the executions' own rows are durable (the checkpoint writer's flush). */
  beforeWrite?: (executionIds: string[]) => Promise<void>;
}) {
  const min = rank[o.level ?? 'info'];
  const maxLines = o.maxLines ?? 1_000;
  const maxDelayMs = o.maxDelayMs ?? 20;
  let buffer: Line[] = [];
  /** Per execution: lines kept and dropped in this process. */
  const counts = new Map<string, { kept: number; dropped: number }>();
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  function schedule() {
    if (timer || writing) return;
    timer = setTimeout(() => {
      timer = null;
      writing = writeBatch().finally(() => {
        writing = null;
        if (buffer.length > 0) schedule();
      });
    }, maxDelayMs);
    timer.unref?.();
  }

  async function writeBatch() {
    const batch = buffer.length > MAX_BATCH ? buffer.splice(0, MAX_BATCH) : buffer;
    if (batch === buffer) buffer = [];
    if (batch.length === 0) return;
    try {
      await o.beforeWrite?.([...new Set(batch.map((l) => l.executionId))]);
      await o.db.execute(insertLines(batch));
    } catch (err) {
      o.log.error({ err, lines: batch.length }, 'could not record execution log lines');
    }
  }

  function push(line: Line) {
    buffer.push(line);
    schedule();
  }

  const sink: ExecutionLogSink = {
    enabled: (level) => rank[level] >= min,
    line(executionId, level, nodeId, msg, data) {
      if (rank[level] < min) return;
      let count = counts.get(executionId);
      if (!count) counts.set(executionId, (count = { kept: 0, dropped: 0 }));
      // The last place is kept for the line that says how many were dropped.
      if (count.kept >= maxLines - 1) {
        count.dropped += 1;
        return;
      }
      count.kept += 1;
      push({ executionId, ts: Date.now(), level, nodeId, msg, data });
    },
    finished(executionId) {
      const count = counts.get(executionId);
      counts.delete(executionId);
      if (!count?.dropped) return;
      push({
        executionId,
        ts: Date.now(),
        level: 'warn',
        nodeId: null,
        msg: `${count.dropped} more log line${count.dropped === 1 ? ' was' : 's were'} not kept (at most ${maxLines} per execution)`,
        data: null,
      });
    },
  };

  return {
    ...sink,
    /** Writes what is buffered now and waits for it. */
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      while (writing || buffer.length > 0) {
        if (writing) await writing;
        else await (writing = writeBatch().finally(() => (writing = null)));
      }
    },
    async close() {
      await this.flush();
    },
  };
}

export type ExecutionLogWriter = ReturnType<typeof createExecutionLogWriter>;

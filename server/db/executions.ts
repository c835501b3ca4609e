/**
 * Reading one execution: its record with every node run (all attempts), the workflow version
 * that ran, the live props in force, its log lines, and a payload in full. Lists, counts and
 * deletion live in execution-list.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { notFound, UserError } from '../runtime/errors';
import type { Db } from './client';
import {
  executionLogs,
  executions,
  livePropsLog,
  workflows,
  type ExecutionLogLevel,
} from './schema';
import { nodeRunField, nodeRunsOf } from './node-runs';
import { getWorkflow } from './workflows';

/** Payloads larger than this are replaced by a preview in `get`; `payload` returns them whole. */
export const PAYLOAD_LIMIT_BYTES = 64 * 1024;
const PREVIEW_CHARS = 2_000;

export type Truncated = { __truncated: true; bytes: number; preview: string };

/** The value itself, or a preview of it when its JSON is larger than PAYLOAD_LIMIT_BYTES. */
export function truncated<T>(value: T): T | Truncated {
  if (value === null || value === undefined || typeof value !== 'object') return value;
  const json = JSON.stringify(value);
  // A string's byte length is at most 3 × its length: skip measuring what is surely small.
  if (json.length * 3 <= PAYLOAD_LIMIT_BYTES) return value;
  const bytes = Buffer.byteLength(json);
  if (bytes <= PAYLOAD_LIMIT_BYTES) return value;
  return { __truncated: true, bytes, preview: json.slice(0, PREVIEW_CHARS) };
}

async function executionRow(db: Db, id: string) {
  const [row] = await db
    .select({ execution: executions, workflowName: workflows.name })
    .from(executions)
    .innerJoin(workflows, eq(workflows.id, executions.workflowId))
    .where(eq(executions.id, id));
  if (!row) throw notFound('Execution', id);
  return { ...row.execution, workflowName: row.workflowName };
}

/** The record and its node runs, as stored (the runtime's test helper polls this). */
export async function getExecution(db: Db, id: string) {
  const execution = await executionRow(db, id);
  return { execution, nodeRuns: await nodeRunsOf(db, id) };
}

/** The detail view: large payloads truncated, with the workflow version and live props. */
export async function getExecutionDetail(db: Db, id: string) {
  const execution = await executionRow(db, id);
  // Independent reads: at once (Postgres runs them on separate connections).
  const [runs, { workflow }, changes] = await Promise.all([
    nodeRunsOf(db, id),
    getWorkflow(db, execution.workflowId, execution.workflowVersion),
    db
      .select()
      .from(livePropsLog)
      .where(
        and(
          eq(livePropsLog.workflowId, execution.workflowId),
          sql`${livePropsLog.executionIds} @> ${JSON.stringify([id])}::jsonb`,
        ),
      )
      .orderBy(asc(livePropsLog.id)),
  ]);
  return {
    execution: {
      ...execution,
      input: truncated(execution.input),
      output: truncated(execution.output),
    },
    nodeRuns: runs.map((r) => ({
      ...r,
      inputs: truncated(r.inputs),
      outputs: truncated(r.outputs),
      error: truncated(r.error),
    })),
    workflow,
    liveProps: changes.map((c) => ({
      nodeId: c.nodeId,
      field: c.field,
      action: c.action,
      value: c.newValue,
      previous: c.oldValue,
      by: c.actor,
      at: c.createdAt,
    })),
  };
}

export type PayloadField = 'input' | 'output' | 'inputs' | 'outputs' | 'error';

/**
 * One payload in full: of a node run (`inputs`, `outputs`, `error`), or without `nodeRunId`, of
 * the execution itself (`input`, `output`, `error`).
 */
export async function getPayload(
  db: Db,
  q: { id: string; nodeRunId?: number; field: PayloadField },
): Promise<unknown> {
  if (q.nodeRunId === undefined) {
    if (q.field === 'inputs' || q.field === 'outputs')
      throw new UserError('BAD_REQUEST', `field: "${q.field}" needs a nodeRunId`, {
        issues: [{ path: 'nodeRunId', message: `required for field "${q.field}"` }],
      });
    const [row] = await db
      .select({ value: executions[q.field] })
      .from(executions)
      .where(eq(executions.id, q.id));
    if (!row) throw notFound('Execution', q.id);
    return row.value ?? null;
  }
  if (q.field === 'input' || q.field === 'output')
    throw new UserError('BAD_REQUEST', `field: a node run has "${q.field}s", not "${q.field}"`, {
      issues: [{ path: 'field', message: `use "${q.field}s" for a node run` }],
    });
  const value = await nodeRunField(db, q.id, q.nodeRunId, q.field);
  if (value === undefined) throw notFound('Node run', `${q.id}/${q.nodeRunId}`);
  return value;
}

export type ExecutionLogLine = {
  ts: Date;
  level: ExecutionLogLevel;
  nodeId: string | null;
  msg: string;
  data?: unknown;
};

/** The execution's captured log lines, oldest first. */
export async function getExecutionLogs(
  db: Db,
  id: string,
  limit = 1_000,
): Promise<{ lines: ExecutionLogLine[] }> {
  const lines = await db
    .select({
      ts: executionLogs.ts,
      level: executionLogs.level,
      nodeId: executionLogs.nodeId,
      msg: executionLogs.msg,
      data: executionLogs.data,
    })
    .from(executionLogs)
    .where(eq(executionLogs.executionId, id))
    .orderBy(asc(executionLogs.id))
    .limit(limit);
  if (lines.length === 0) {
    const [exists] = await db
      .select({ id: executions.id })
      .from(executions)
      .where(eq(executions.id, id));
    if (!exists) throw notFound('Execution', id);
  }
  return {
    lines: lines.map(({ data, ...l }) => (data === null ? l : { ...l, data })),
  };
}

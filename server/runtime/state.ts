/**
 * Per-workflow key/value state for the state and counter nodes: in the database for real runs
 * (survives restarts, shared by every process), in memory for node unit tests.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { workflowState } from '../db/schema';
import type { WorkflowState } from '../nodes/define-node';
import { UserError } from './errors';

function numeric(key: string, value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new UserError(
      'BAD_REQUEST',
      `state "${key}" holds ${JSON.stringify(value)}, not a number`,
    );
  }
  return value;
}

export function createDbState(db: Db, workflowId: string): WorkflowState {
  const where = (key: string) =>
    and(eq(workflowState.workflowId, workflowId), eq(workflowState.key, key));
  return {
    async get(key) {
      const [row] = await db
        .select({ value: workflowState.value })
        .from(workflowState)
        .where(where(key));
      return row?.value ?? undefined;
    },
    async set(key, value) {
      await db
        .insert(workflowState)
        .values({ workflowId, key, value: value ?? null, updatedAt: new Date() })
        .onConflictDoUpdate({
          target: [workflowState.workflowId, workflowState.key],
          set: { value: value ?? null, updatedAt: new Date() },
        });
    },
    async increment(key, by) {
      // One statement, so two executions counting at once never lose an increment.
      const rows = await db
        .insert(workflowState)
        .values({ workflowId, key, value: by, updatedAt: new Date() })
        .onConflictDoUpdate({
          target: [workflowState.workflowId, workflowState.key],
          set: {
            value: sql`to_jsonb(coalesce((${workflowState.value} #>> '{}')::double precision, 0) + ${by})`,
            updatedAt: new Date(),
          },
          setWhere: sql`jsonb_typeof(${workflowState.value}) in ('number', 'null')`,
        })
        .returning({ value: workflowState.value });
      if (rows.length === 0) numeric(key, await this.get(key));
      return numeric(key, rows[0]?.value);
    },
  };
}

export function createMemoryState(initial: Record<string, unknown> = {}): WorkflowState & {
  entries: Map<string, unknown>;
} {
  const entries = new Map(Object.entries(initial));
  return {
    entries,
    async get(key) {
      return structuredClone(entries.get(key));
    },
    async set(key, value) {
      entries.set(key, structuredClone(value));
    },
    async increment(key, by) {
      const next = numeric(key, entries.get(key)) + by;
      entries.set(key, next);
      return next;
    },
  };
}

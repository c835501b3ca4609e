/**
 * Approval gates: a node that waits for a person. The pending approval is a row in `approvals`
 * (written after the execution's checkpoint, which it references); approve, reject and timeout
 * each move it out of `pending` once, atomically, so two clicks cannot both decide.
 */
import { and, desc, eq, exists, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { Db } from '../db/client';
import { UNFINISHED } from '../db/execution-list';
import { approvals, executions, type ApprovalStatus } from '../db/schema';
import type { Logger } from '../logger';
import type { CheckpointWriter } from './checkpoint';
import { notFound, UserError } from './errors';
import type { ApprovalHooks } from './executor';
import type { ExecutionRun } from './execution';

export type Decision = 'approved' | 'rejected' | 'timed_out';

/**
 * Bus topic carrying every workflow's approval_requested / approval_resolved events (the
 * execution emits them there too), for `GET /api/events?scope=approvals`: the header's badge.
 */
export const APPROVALS_TOPIC = 'approvals';

export function createApprovals(deps: { db: Db; writer: CheckpointWriter; log: Logger }) {
  const inserts = new Map<string, Promise<void>>();

  async function decide(approvalId: string, decision: Decision, by: string, comment?: string) {
    await inserts.get(approvalId);
    const [row] = await deps.db
      .update(approvals)
      .set({
        status: decision satisfies ApprovalStatus,
        decidedAt: new Date(),
        decidedBy: by,
        comment: comment ?? null,
      })
      .where(
        and(
          eq(approvals.id, approvalId),
          eq(approvals.status, 'pending'),
          // Only while its execution can still go on: deciding the approval of one cancelled or
          // failed meanwhile would bring it back and run what follows the gate.
          exists(
            deps.db
              .select({ one: sql`1` })
              .from(executions)
              .where(
                and(
                  eq(executions.id, approvals.executionId),
                  inArray(executions.status, UNFINISHED),
                ),
              ),
          ),
        ),
      )
      .returning();
    if (row) return row;
    const [existing] = await deps.db.select().from(approvals).where(eq(approvals.id, approvalId));
    if (!existing) throw notFound('Approval', approvalId);
    if (existing.status === 'pending') {
      const [execution] = await deps.db
        .select({ status: executions.status })
        .from(executions)
        .where(eq(executions.id, existing.executionId));
      throw new UserError(
        'CONFLICT',
        `approval "${approvalId}" can no longer be decided: its execution "${existing.executionId}" ${execution ? `is ${execution.status}` : 'was deleted'}`,
      );
    }
    throw new UserError(
      'CONFLICT',
      `approval "${approvalId}" was already ${existing.status.replace('_', ' ')} by ${existing.decidedBy ?? 'the system'}`,
    );
  }

  const hooks: ApprovalHooks = {
    request(run: ExecutionRun, nodeId, request, expiresAtMs) {
      const id = `ap_${nanoid(12)}`;
      const insert = (async () => {
        await deps.writer.flush(run.id);
        await deps.db
          .insert(approvals)
          .values({
            id,
            executionId: run.id,
            workflowId: run.record.workflowId,
            nodeId,
            details: (request.details ?? {}) as object,
            expiresAt: new Date(expiresAtMs),
          })
          .onConflictDoNothing();
      })().catch((err: unknown) => run.log.error({ err, nodeId }, 'could not record the approval'));
      inserts.set(id, insert);
      void insert.finally(() => inserts.delete(id));
      return id;
    },
    withdraw(run, nodeId, approvalId, reason) {
      void (async () => {
        await inserts.get(approvalId);
        await deps.db
          .update(approvals)
          .set({
            status: 'withdrawn',
            decidedAt: new Date(),
            decidedBy: 'the system',
            comment: reason,
          })
          .where(and(eq(approvals.id, approvalId), eq(approvals.status, 'pending')));
      })().catch((err: unknown) =>
        run.log.warn(
          { err, nodeId },
          'could not mark the approval withdrawn; deciding it is refused anyway',
        ),
      );
    },
    async expire(run, nodeId) {
      const [row] = await deps.db
        .select({ id: approvals.id })
        .from(approvals)
        .where(
          and(
            eq(approvals.executionId, run.id),
            eq(approvals.nodeId, nodeId),
            eq(approvals.status, 'pending'),
          ),
        );
      if (!row) return;
      const decided = await decide(row.id, 'timed_out', 'timeout').catch(() => null);
      if (!decided) return;
      run.emit({
        type: 'approval_resolved',
        nodeId,
        approvalId: row.id,
        decision: 'timed_out',
        by: 'timeout',
      });
      run.resolveWait(nodeId, { kind: 'approval', decision: 'timed_out', by: 'timeout' });
    },
  };

  return {
    hooks,
    decide,
    /**
     * Marks withdrawn the pending approvals of executions cancelled by their record alone (no
     * process held them, so no run withdrew its own), with the reason their record gives.
     * Returns the approvals it withdrew.
     */
    async withdrawAll(executionIds: string[]) {
      if (executionIds.length === 0) return [];
      const reason = sql`(select ${executions.error} ->> 'message' from ${executions} where ${executions.id} = ${approvals.executionId})`;
      return deps.db
        .update(approvals)
        .set({
          status: 'withdrawn',
          decidedAt: new Date(),
          decidedBy: 'the system',
          comment: sql`'the execution was cancelled (' || coalesce(${reason}, 'cancelled') || ')'`,
        })
        .where(and(inArray(approvals.executionId, executionIds), eq(approvals.status, 'pending')))
        .returning({
          id: approvals.id,
          executionId: approvals.executionId,
          nodeId: approvals.nodeId,
        });
    },
    /** The pending approval of a node of an execution, if any (API callers may name either). */
    async find(executionId: string, nodeId: string) {
      const [row] = await deps.db
        .select()
        .from(approvals)
        .where(and(eq(approvals.executionId, executionId), eq(approvals.nodeId, nodeId)));
      return row ?? null;
    },
    async get(approvalId: string) {
      await inserts.get(approvalId);
      const [row] = await deps.db.select().from(approvals).where(eq(approvals.id, approvalId));
      return row ?? null;
    },
    async pending() {
      // As get() and decide() do: an approval requested here is listed once its row is written
      // (the row waits for its execution's checkpoint, so an execution already reads "waiting").
      await Promise.all(inserts.values());
      // Only those an execution still waits for: one cancelled, failed or timed out meanwhile
      // leaves its approval pending, and nothing would come of deciding it.
      return deps.db
        .select(getTableColumns(approvals))
        .from(approvals)
        .innerJoin(executions, eq(executions.id, approvals.executionId))
        .where(and(eq(approvals.status, 'pending'), inArray(executions.status, UNFINISHED)))
        .orderBy(approvals.requestedAt);
    },
    /** Approvals decided (or timed out), newest decision first: who decided what, and when. */
    async decided(limit = 20) {
      return deps.db
        .select()
        .from(approvals)
        .where(ne(approvals.status, 'pending'))
        .orderBy(sql`${approvals.decidedAt} desc nulls last`, desc(approvals.id))
        .limit(limit);
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;

/**
 * Recording an execution `cancelled` in the database alone, with no run of it in memory to do
 * so (its process died, SHUTDOWN of what waits or is queued): the one change every such path
 * makes, and the columns its caller needs to tell watchers afterwards.
 */
import { sql, type SQL } from 'drizzle-orm';
import { executions } from './schema';

/** The row change: why (a message, or SQL that builds the error), and a seq for its event. */
export const cancelledBy = (message: string | SQL) => ({
  status: 'cancelled' as const,
  finishedAt: new Date(),
  error: typeof message === 'string' ? { code: 'CANCELLED', message } : message,
  // The terminal event it is told with takes the next seq.
  lastSeq: sql`${executions.lastSeq} + 1`,
  updatedAt: new Date(),
});

/** What `.returning()` gives back of each execution so cancelled. */
export const cancelledColumns = {
  id: executions.id,
  workflowId: executions.workflowId,
  lastSeq: executions.lastSeq,
  error: executions.error,
  owner: executions.owner,
};

export type CancelledRow = Pick<
  typeof executions.$inferSelect,
  'id' | 'workflowId' | 'lastSeq' | 'error' | 'owner'
>;

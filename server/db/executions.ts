/**
 * Reading execution history: one execution with its node runs. (Listing with filters and keyset
 * pages comes with the history page.)
 */
import { asc, eq } from 'drizzle-orm';
import { notFound } from '../runtime/errors';
import type { Db } from './client';
import { executions, nodeRuns } from './schema';

export async function getExecution(db: Db, id: string) {
  const [execution] = await db.select().from(executions).where(eq(executions.id, id));
  if (!execution) throw notFound('Execution', id);
  const runs = await db
    .select()
    .from(nodeRuns)
    .where(eq(nodeRuns.executionId, id))
    .orderBy(asc(nodeRuns.startedAt), asc(nodeRuns.id));
  return { execution, nodeRuns: runs };
}

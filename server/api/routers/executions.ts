/**
 * Execution history: list with filters and keyset pages, counts per status, one execution in
 * detail (node runs, workflow version, live props, logs), full payloads, re-run and delete.
 * The contract is written out in docs/api/executions.md. Cancel stays `runtime.cancel`.
 */
import { z } from 'zod';
import { executionStatuses, triggerKinds } from '@/lib/events';
import {
  deleteExecutions,
  deleteExecutionsWhere,
  executionStats,
  listExecutions,
  type HistoryFilter,
} from '../../db/execution-list';
import { getExecutionDetail, getExecutionLogs, getPayload } from '../../db/executions';
import { protectedProcedure, router, runtimeProcedure } from '../trpc';

const id = z.string().min(1).max(100);

const filterFields = {
  workflowId: id.optional(),
  status: z.array(z.enum(executionStatuses)).max(executionStatuses.length).optional(),
  trigger: z.array(z.enum(triggerKinds)).max(triggerKinds.length).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  search: z
    .string()
    .trim()
    .max(100)
    .regex(/^[\w-]*$/, 'an execution id (or its start) has only letters, digits, _ and -')
    .optional(),
};

const filterSchema = z.object(filterFields);
/** The chips show every status: a `status` given along (the list's filter object) is ignored. */
const filterWithoutStatus = filterSchema.omit({ status: true });

/** Zod's ISO strings to Dates; an empty search means none. */
function toFilter(input: z.infer<typeof filterSchema>): HistoryFilter {
  return {
    ...input,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    search: input.search || undefined,
  };
}

export const executionsRouter = router({
  /** Newest first by (startedAt, id); pass `nextCursor` back as `cursor` for the next page. */
  list: protectedProcedure
    .input(
      filterSchema.extend({
        cursor: z.string().max(500).nullish(),
        limit: z.int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listExecutions(ctx.db, { ...toFilter(input), cursor: input.cursor, limit: input.limit }),
    ),

  /** Executions per status under the filter (each capped at `cap`; `capped` when one is). */
  stats: protectedProcedure
    .input(filterWithoutStatus.default({}))
    .query(({ ctx, input }) => executionStats(ctx.db, toFilter(input))),

  get: protectedProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => getExecutionDetail(ctx.db, input.id)),

  /** A payload in full (the detail view truncates those over 64 KB). */
  payload: protectedProcedure
    .input(
      z.object({
        id,
        nodeRunId: z.int().min(1).optional(),
        field: z.enum(['inputs', 'outputs', 'error', 'input', 'output']),
      }),
    )
    .query(({ ctx, input }) => getPayload(ctx.db, input)),

  logs: protectedProcedure
    .input(z.object({ id, limit: z.int().min(1).max(1_000).default(1_000) }))
    .query(({ ctx, input }) => getExecutionLogs(ctx.db, input.id, input.limit)),

  /** Runs it again with the same input, on the version that ran or the current one. */
  rerun: runtimeProcedure
    .input(z.object({ id, version: z.enum(['original', 'current']).default('original') }))
    .mutation(async ({ ctx, input }) => {
      const run = await ctx.runtime.rerun(input.id, input.version);
      await ctx.runtime.writer
        .flush(run.id)
        .catch((err: unknown) =>
          ctx.log.warn({ err, executionId: run.id }, 'started, but not on record yet'),
        );
      return { executionId: run.id };
    }),

  /** Deletes finished executions; unfinished ones are skipped (and counted). */
  delete: protectedProcedure
    .input(z.object({ ids: z.array(id).min(1).max(1_000) }))
    .mutation(({ ctx, input }) => deleteExecutions(ctx.db, input.ids)),

  deleteWhere: protectedProcedure
    .input(filterSchema)
    .mutation(({ ctx, input }) => deleteExecutionsWhere(ctx.db, toFilter(input), { pauseMs: 5 })),
});

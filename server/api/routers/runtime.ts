import { z } from 'zod';
import { router, runtimeProcedure } from '../trpc';

const workflowInput = z.object({ workflowId: z.string().min(1).max(100) });
const executionInput = z.object({ executionId: z.string().min(1).max(100) });
const decisionInput = z.object({
  approvalId: z.string().min(1).max(100),
  comment: z.string().max(2_000).optional(),
});

export const runtimeRouter = router({
  /** Starts an execution now, with an optional JSON input; returns its id at once. */
  run: runtimeProcedure
    .input(
      workflowInput.extend({ input: z.unknown().optional(), version: z.int().min(1).optional() }),
    )
    .mutation(async ({ ctx, input }) => {
      const run = await ctx.runtime.run({
        workflowId: input.workflowId,
        version: input.version,
        input: input.input,
      });
      return { executionId: run.id };
    }),

  activate: runtimeProcedure
    .input(workflowInput)
    .mutation(({ ctx, input }) => ctx.runtime.activate(input.workflowId)),

  deactivate: runtimeProcedure
    .input(workflowInput)
    .mutation(({ ctx, input }) => ctx.runtime.deactivate(input.workflowId)),

  cancel: runtimeProcedure
    .input(executionInput)
    .mutation(({ ctx, input }) => ctx.runtime.cancel(input.executionId, ctx.session.user)),

  approve: runtimeProcedure
    .input(decisionInput)
    .mutation(({ ctx, input }) =>
      ctx.runtime.decide(input.approvalId, 'approved', ctx.session.user, input.comment),
    ),

  reject: runtimeProcedure
    .input(decisionInput)
    .mutation(({ ctx, input }) =>
      ctx.runtime.decide(input.approvalId, 'rejected', ctx.session.user, input.comment),
    ),

  /** Approvals waiting for a person, oldest first. */
  approvals: runtimeProcedure.query(({ ctx }) => ctx.runtime.approvals.pending()),

  /** Publishes a payload to a named channel: event triggers listening on it start their workflows. */
  publish: runtimeProcedure
    .input(z.object({ channel: z.string().min(1).max(200), payload: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.runtime.publish(input.channel, input.payload);
      return { channel: input.channel };
    }),
});

import { z } from 'zod';
import { channelSchema } from '../../nodes/shared/schemas';
import { operatorRuntimeProcedure, router, runtimeProcedure } from '../trpc';

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
      // The caller may look the execution up at once (its page, the history): written first.
      await ctx.runtime.writer
        .flush(run.id)
        .catch((err: unknown) =>
          ctx.log.warn({ err, executionId: run.id }, 'started, but not on record yet'),
        );
      return { executionId: run.id };
    }),

  activate: runtimeProcedure
    .input(workflowInput)
    .mutation(({ ctx, input }) => ctx.runtime.activate(input.workflowId, ctx.session.user)),

  /**
   * With live overrides, say what becomes of them: `apply` (a new version) or `discard`; without
   * a choice it is refused with CONFLICT naming how many there are.
   */
  deactivate: runtimeProcedure
    .input(workflowInput.extend({ overrides: z.enum(['apply', 'discard']).optional() }))
    .mutation(({ ctx, input }) =>
      ctx.runtime.deactivate(input.workflowId, {
        overrides: input.overrides,
        by: ctx.session.user,
      }),
    ),

  /** Overrides props of a node of a live workflow; its next run uses them. Last write wins. */
  patchProps: operatorRuntimeProcedure
    .input(
      workflowInput.extend({
        nodeId: z.string().min(1).max(100),
        props: z.record(z.string().max(200), z.unknown()),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.runtime.liveProps.patch({
        workflowId: input.workflowId,
        nodeId: input.nodeId,
        props: input.props,
        by: ctx.session.user,
      }),
    ),

  /** The live overrides of a workflow: node id → field → value. */
  liveProps: runtimeProcedure.input(workflowInput).query(({ ctx, input }) => ({
    workflowId: input.workflowId,
    overrides: ctx.runtime.liveProps.get(input.workflowId),
  })),

  /** Drops the overrides of every node, of one node, or one field of one node. */
  revertProps: operatorRuntimeProcedure
    .input(
      workflowInput.extend({
        nodeId: z.string().min(1).max(100).optional(),
        field: z.string().min(1).max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.runtime.liveProps.revert(input.workflowId, ctx.session.user, input.nodeId, input.field),
    ),

  /** Saves the overrides as a new version of the workflow and drops them. */
  applyProps: operatorRuntimeProcedure
    .input(workflowInput)
    .mutation(({ ctx, input }) => ctx.runtime.liveProps.apply(input.workflowId, ctx.session.user)),

  /** The audit log of live prop changes, newest first. */
  propsLog: runtimeProcedure
    .input(workflowInput.extend({ limit: z.int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => ctx.runtime.liveProps.log(input.workflowId, input.limit)),

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

  /** Approvals decided or timed out, newest first, with who decided and their comment. */
  decidedApprovals: runtimeProcedure
    .input(z.object({ limit: z.int().min(1).max(200).optional() }).optional())
    .query(({ ctx, input }) => ctx.runtime.approvals.decided(input?.limit ?? 20)),

  /**
   * Publishes a payload to a named channel: event triggers listening on it start their workflows.
   * Channel names follow the event trigger's rule, so a name no trigger could listen on is refused.
   */
  publish: runtimeProcedure
    .input(
      z.object({
        channel: channelSchema('The channel to publish on, as event triggers name it.'),
        payload: z.unknown(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.runtime.publish(input.channel, input.payload);
      return { channel: input.channel };
    }),
});

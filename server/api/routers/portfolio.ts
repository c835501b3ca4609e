import { z } from 'zod';
import { runtimeProcedure, router } from '../trpc';

export const portfolioRouter = router({
  /** Paper positions (one workflow or all), PnL totals, and the 50 most recent orders. */
  get: runtimeProcedure
    .input(z.object({ workflowId: z.string().min(1).max(100).optional() }).optional())
    .query(({ ctx, input }) => ctx.runtime.paper.portfolio(input?.workflowId)),
});

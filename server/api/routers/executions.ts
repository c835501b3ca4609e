import { z } from 'zod';
import { getExecution } from '../../db/executions';
import { protectedProcedure, router } from '../trpc';

export const executionsRouter = router({
  get: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getExecution(ctx.db, input.id)),
});

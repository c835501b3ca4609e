import { z } from 'zod';
import { EMERGENCY_LEVELS } from '../../runtime/emergency';
import { operatorRuntimeProcedure, router } from '../trpc';

export const emergencyRouter = router({
  /** The level in force in this process, who set it, when and why. */
  get: operatorRuntimeProcedure.query(({ ctx }) => ctx.runtime.emergency.get()),

  /** Changes the level everywhere (stored, audited, broadcast); returns the new state. */
  set: operatorRuntimeProcedure
    .input(
      z.object({
        level: z.enum(EMERGENCY_LEVELS),
        reason: z.string().trim().min(1, 'say why the level changes').max(1_000),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.runtime.emergency.set({
        level: input.level,
        reason: input.reason,
        actor: ctx.session.user,
        source: ctx.session.via,
      }),
    ),

  /** The audit log, newest first. */
  log: operatorRuntimeProcedure
    .input(z.object({ limit: z.int().min(1).max(100).default(100) }).optional())
    .query(({ ctx, input }) => ctx.runtime.emergency.log(input?.limit ?? 100)),
});

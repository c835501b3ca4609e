import { z } from 'zod';
import { LIMITS, type Workflow } from '@/lib/workflow';
import * as store from '../../db/workflows';
import { notFound } from '../../runtime/errors';
import type { Runtime } from '../../runtime/runtime';
import { findTemplate } from '../../templates';
import { protectedProcedure, router } from '../trpc';

const idInput = z.object({ id: z.string().min(1).max(100) });
const nameInput = z.string().trim().min(1, 'must not be empty').max(200);
const versionInput = z.int().min(1);

/**
 * A saved version of an active workflow is the one its triggers fire from now on (in this
 * process); `activeKept` says why not when it could not be armed and the previous one still is.
 */
function withActivation<T extends { workflow: Workflow }>(ctx: { runtime?: Runtime }, saved: T) {
  const kept = ctx.runtime?.versionSaved(saved.workflow) ?? null;
  return { ...saved, activeKept: kept };
}

export const workflowsRouter = router({
  list: protectedProcedure.query(({ ctx }) => store.listWorkflows(ctx.db)),

  get: protectedProcedure
    .input(idInput.extend({ version: versionInput.optional() }))
    .query(({ ctx, input }) => store.getWorkflow(ctx.db, input.id, input.version)),

  create: protectedProcedure
    .input(z.object({ name: nameInput, description: z.string().max(10_000).optional() }))
    .mutation(({ ctx, input }) => store.createWorkflow(ctx.db, input, ctx.catalog)),

  /** `workflow.version` is the version the editor loaded; see `saveWorkflow`. */
  save: protectedProcedure
    .input(z.object({ workflow: z.unknown(), overwrite: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) =>
      withActivation(
        ctx,
        await store.saveWorkflow(ctx.db, input.workflow, ctx.catalog, {
          overwrite: input.overwrite,
        }),
      ),
    ),

  rename: protectedProcedure
    .input(idInput.extend({ name: nameInput }))
    .mutation(async ({ ctx, input }) =>
      withActivation(ctx, await store.renameWorkflow(ctx.db, input.id, input.name, ctx.catalog)),
    ),

  delete: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await store.deleteWorkflow(ctx.db, input.id);
    return { id: input.id };
  }),

  duplicate: protectedProcedure
    .input(idInput.extend({ name: nameInput.optional() }))
    .mutation(({ ctx, input }) =>
      store.duplicateWorkflow(ctx.db, input.id, ctx.catalog, input.name),
    ),

  versions: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => store.listVersions(ctx.db, input.id)),

  restore: protectedProcedure
    .input(idInput.extend({ version: versionInput }))
    .mutation(async ({ ctx, input }) =>
      withActivation(ctx, await store.restoreWorkflow(ctx.db, input.id, input.version)),
    ),

  /** Takes the file's text, so a syntax error can name its position. */
  import: protectedProcedure
    .input(
      z.object({
        json: z.string().max(LIMITS.jsonChars, `must be at most ${LIMITS.jsonChars / 1e6} MB`),
      }),
    )
    .mutation(({ ctx, input }) => store.importWorkflow(ctx.db, input.json, ctx.catalog)),

  /** A new (inactive) workflow from a template; `name` defaults to the template's. */
  createFromTemplate: protectedProcedure
    .input(z.object({ templateId: z.string().min(1).max(100), name: nameInput.optional() }))
    .mutation(async ({ ctx, input }) => {
      const template = findTemplate(input.templateId);
      if (!template) throw notFound('Template', input.templateId);
      const wf = await store.createWorkflowFrom(
        ctx.db,
        {
          ...template.workflow,
          name: input.name ?? template.name,
          description: template.description,
        },
        ctx.catalog,
      );
      return { id: wf.id, name: wf.name, version: wf.version };
    }),

  export: protectedProcedure
    .input(idInput.extend({ version: versionInput.optional() }))
    .query(({ ctx, input }) => store.exportWorkflow(ctx.db, input.id, input.version)),
});

/**
 * tRPC, server side. Three sections: 1. CONTEXT (what every procedure gets), 2. INIT (transformer
 * and error shape), 3. PROCEDURES (the layers routers build on). Routers live in ./routers, one
 * file each; they validate, call a db or runtime function, and return. They do not catch errors
 * just to rethrow them: `toTRPCError` below maps domain errors once.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { formatIssues, toIssues, type Issue } from '@/lib/zod-issues';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { LIMITS, type NodeTypeCatalog } from '@/lib/workflow';
import { UnexpectedError, UserError } from '../runtime/errors';
import type { Runtime } from '../runtime/runtime';

/* 1. CONTEXT ------------------------------------------------------------------------------- */

export type Services = {
  db: Db;
  catalog: NodeTypeCatalog;
  log: Logger;
  /** The runtime (executor, triggers…); absent in contexts that only store workflows. */
  runtime?: Runtime;
};

/** `via`: where the request came from, `ui` when the page says so (header `x-flowdeck-client: ui`). */
export type Session = { user: string; via: 'ui' | 'api' };

export type Context = Services & { session: Session };

/** Built per request; `headers` may name the acting user (no accounts yet: everyone is local). */
export function createContext(
  services: Services,
  headers?: Record<string, string | string[] | undefined>,
): Context {
  const named = headers?.['x-flowdeck-user'];
  const user = (Array.isArray(named) ? named[0] : named)?.slice(0, 100) || 'local';
  const client = headers?.['x-flowdeck-client'];
  const via = (Array.isArray(client) ? client[0] : client) === 'ui' ? 'ui' : 'api';
  return { ...services, session: { user, via } };
}

/** Largest request body the HTTP adapter reads (server/main.ts passes it as maxBodySize). */
export const MAX_BODY_MB = 5;

/* 2. INIT ---------------------------------------------------------------------------------- */

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    let issues: Issue[] | null = null;
    if (error.cause instanceof ZodError) issues = toIssues(error.cause);
    else if (error.cause instanceof UserError && error.cause.issues.length > 0)
      issues = error.cause.issues;
    let message = shape.message;
    if (error.cause instanceof ZodError && issues) {
      message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
    } else if (error.code === 'PAYLOAD_TOO_LARGE') {
      message = `The request is larger than the ${MAX_BODY_MB} MB the server accepts (an imported workflow file may be at most ${LIMITS.jsonChars / 1e6} MB).`;
    }
    // No stack traces leave the server, in any environment.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, issues } };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/* 3. PROCEDURES ---------------------------------------------------------------------------- */

const timing = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const ms = Math.round((performance.now() - started) * 10) / 10;
  ctx.log.debug({ path, type, ms, ok: result.ok }, 'trpc');
  return result;
});

const toTRPCError = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof UserError) {
    ctx.log.info({ path, code: cause.code }, cause.message);
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (cause instanceof ZodError && result.error.code === 'BAD_REQUEST') {
    // Bad procedure input: zod's own message is a JSON dump of its issues; say `name: must not be empty`.
    throw new TRPCError({ code: 'BAD_REQUEST', message: formatIssues(toIssues(cause)), cause });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.log.error({ path, err: cause ?? result.error }, 'procedure failed');
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Something went wrong on the server; it has been logged.',
      cause,
    });
  }
  return result;
});

export const publicProcedure = t.procedure.use(timing).use(toTRPCError);
/** No accounts yet: every caller is the local user. Kept as a layer so auth can slot in. */
export const protectedProcedure = publicProcedure;
/** For emergency controls and live props. */
export const operatorProcedure = protectedProcedure;

const requireRuntime = t.middleware(({ ctx, next }) => {
  if (!ctx.runtime)
    throw new UnexpectedError('NO_RUNTIME', 'the runtime is not running in this process');
  return next({ ctx: { ...ctx, runtime: ctx.runtime } });
});

/** Procedures that drive the runtime: `ctx.runtime` is there. */
export const runtimeProcedure = protectedProcedure.use(requireRuntime);
/** Operator procedures that drive the runtime (emergency). */
export const operatorRuntimeProcedure = operatorProcedure.use(requireRuntime);

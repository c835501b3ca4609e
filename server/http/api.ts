/**
 * Everything under /api/*, answered by the Flowdeck server itself (never by Next.js): tRPC and
 * health now; SSE, webhooks and metrics join here. Kept apart from main.ts so tests can serve
 * the real API on a port without starting Next.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '../api/root';
import { createContext, MAX_BODY_MB } from '../api/trpc';
import type { Logger } from '../logger';
import type { ServerServices } from '../services';
import { handleEvents } from './events';
import { handleHealth } from './health';
import { handleHook } from './hooks';
import { handleMetrics } from './metrics';
import { sendJson } from './respond';

/** Where the services stand: still opening, open, or failed to open. */
export type ServicesState = {
  ready: Promise<ServerServices>;
  current(): ServerServices | null;
  error(): unknown;
};

export function servicesState(ready: Promise<ServerServices>, log: Logger): ServicesState {
  let services: ServerServices | null = null;
  let failure: unknown = null;
  ready.then(
    (s) => (services = s),
    (err: unknown) => {
      failure = err;
      log.fatal(
        { err },
        'could not open the database (check DATABASE_URL, or FLOWDECK_DATA_DIR for PGlite)',
      );
    },
  );
  return { ready, current: () => services, error: () => failure };
}

export function createApiHandler(state: ServicesState, log: Logger) {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    maxBodySize: MAX_BODY_MB * 1024 * 1024,
    createContext: async ({ req }) => createContext(await state.ready, req.headers),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error, path }, 'trpc error');
    },
  });

  return async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (pathname === '/api/health') return handleHealth(req, res, state.current(), state.error());
    if (pathname.startsWith('/api/trpc/')) return trpc(req, res);
    // Waits while the services start: EventSource gives up for good on a non-200 answer.
    if (pathname === '/api/events') return handleEvents(req, res, await state.ready);
    if (pathname.startsWith('/api/hooks/') || pathname === '/api/metrics') {
      // Once started, no await (a webhook is a hot path).
      const runtime = (state.current() ?? (await state.ready)).runtime;
      if (!runtime)
        return sendJson(res, 503, { error: 'the runtime is not running in this process' });
      if (pathname === '/api/metrics') return handleMetrics(req, res, runtime);
      const url = req.url ?? '/';
      const search = url.indexOf('?');
      return handleHook(req, res, runtime, pathname, search === -1 ? '' : url.slice(search + 1));
    }
    return sendJson(res, 404, { error: `no API at ${pathname}` });
  };
}

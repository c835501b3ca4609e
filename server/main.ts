/**
 * The Flowdeck server: one process, one port. Every `/api/*` path is answered here, before
 * Next.js sees it (tRPC, health; later SSE, hooks, metrics); everything else goes to Next,
 * which renders the UI only. Owns start-up order and a clean shutdown.
 *
 * It must not import app/ or components/: Next loads those itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import next from 'next';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './api/root';
import { createContext } from './api/trpc';
import { handleHealth } from './http/health';
import { sendJson } from './http/respond';
import { logger } from './logger';
import { startServices, type ServerServices } from './services';

const dev = process.env.NODE_ENV !== 'production';
// Next's custom-server path reads neither PORT nor HOSTNAME: read them here and pass them on.
const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const hostname = process.env.HOSTNAME ?? 'localhost';
/** Large enough for the biggest import (2 MB of JSON, escaped once more inside a tRPC body). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

let services: ServerServices | null = null;
let startError: unknown = null;
const servicesReady = startServices().then(
  (s) => (services = s),
  (err: unknown) => {
    startError = err;
    logger.fatal({ err }, 'could not open the database');
    throw err;
  },
);
servicesReady.catch(() => {});

const trpcHandler = createHTTPHandler({
  router: appRouter,
  basePath: '/api/trpc/',
  maxBodySize: MAX_BODY_BYTES,
  createContext: async ({ req }) => createContext(await servicesReady, req.headers),
  onError({ error, path }) {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'trpc error');
  },
});

function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
  if (pathname === '/api/health') return handleHealth(req, res, services, startError);
  if (pathname.startsWith('/api/trpc/')) return trpcHandler(req, res);
  return sendJson(res, 404, { error: `no API at ${pathname}` });
}

const app = next({ dev, hostname, port });
const nextReady = app.prepare();
const handleNext = app.getRequestHandler();

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const pathname = url.split('?', 1)[0]!;
  if (pathname.startsWith('/api/')) {
    Promise.resolve(handleApi(req, res, pathname)).catch((err: unknown) => {
      logger.error({ err, pathname }, 'api handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
    return;
  }
  nextReady.then(() => handleNext(req, res)).catch((err: unknown) => {
    logger.error({ err, url }, 'page handler failed');
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    }
  });
});

server.listen(port, hostname, () => {
  logger.info({ url: `http://${hostname}:${port}`, mode: dev ? 'development' : 'production' }, 'Flowdeck listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close();
  server.closeAllConnections();
  await app.close().catch(() => {});
  await services?.close().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

/**
 * The Flowdeck server: one process, one port. Every `/api/*` path is answered here, before
 * Next.js sees it (tRPC, health; later SSE, hooks, metrics); everything else goes to Next,
 * which renders the UI only. Owns start-up order and a clean shutdown.
 *
 * It must not import app/ or components/: Next loads those itself.
 */
import { createServer } from 'node:http';
import next from 'next';
import { createApiHandler, servicesState } from './http/api';
import { sendJson } from './http/respond';
import { logger } from './logger';
import { startServices } from './services';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const dev = process.env.NODE_ENV !== 'production';
// Next's custom-server path reads neither PORT nor HOSTNAME: read them here and pass them on.
const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const hostname = process.env.HOSTNAME ?? 'localhost';

const state = servicesState(startServices(), logger);
// Fail fast: a supervisor (or the developer) sees the reason in the log and can restart.
state.ready.catch(() => process.exit(1));
const handleApi = createApiHandler(state, logger);

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
  nextReady
    .then(() => handleNext(req, res))
    .catch((err: unknown) => {
      logger.error({ err, url }, 'page handler failed');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal error');
      }
    });
});

server.on('error', (err: NodeJS.ErrnoException) => {
  const reason =
    err.code === 'EADDRINUSE'
      ? `port ${port} is already in use; set PORT to another one`
      : err.message;
  logger.fatal({ err }, `cannot listen on ${hostname}:${port}: ${reason}`);
  process.exit(1);
});

server.listen(port, hostname, () => {
  logger.info(
    { url: `http://${hostname}:${port}`, mode: dev ? 'development' : 'production' },
    'Flowdeck listening',
  );
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
  await state
    .current()
    ?.close()
    .catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

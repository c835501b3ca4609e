/** Serves the real /api handlers (no Next.js) for a test on 127.0.0.1, on a free port. */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler, servicesState } from '../http/api';
import { logger } from '../logger';
import type { ServerServices } from '../services';

export async function listen(
  handler: RequestListener,
): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The /api surface over `services`, as the Flowdeck server routes it. */
export function serveApi(services: ServerServices | Promise<ServerServices>) {
  const handle = createApiHandler(servicesState(Promise.resolve(services), logger), logger);
  return listen((req, res) => void handle(req, res, (req.url ?? '/').split('?')[0]!));
}

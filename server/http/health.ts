import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerServices } from '../services';
import { sendJson } from './respond';

const CHECK_TIMEOUT_MS = 1_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `GET /api/health`: 200 once the database is open and migrated and answers a query, and the
 * event bus (Redis when configured) answers a ping; 503 before, or naming what does not answer.
 */
export async function handleHealth(
  _req: IncomingMessage,
  res: ServerResponse,
  services: ServerServices | null,
  startError: unknown,
) {
  if (startError) {
    return sendJson(res, 503, {
      status: 'error',
      error: 'the database could not be opened; see the server log',
    });
  }
  if (!services) return sendJson(res, 503, { status: 'starting' });
  const [database, bus] = await Promise.allSettled([
    within(services.database.db.execute('select 1'), 'the database'),
    services.bus
      ? within(services.bus.ping(), `the event bus (${services.bus.kind})`)
      : Promise.resolve(),
  ]);
  const body = {
    database: services.database.kind,
    bus: services.bus?.kind ?? 'none',
    uptimeSeconds: Math.round(process.uptime()),
    executionsRunning: services.runtime?.executor.active().length ?? 0,
  };
  const problems = [database, bus]
    .filter((r) => r.status === 'rejected')
    .map((r) => String((r as PromiseRejectedResult).reason?.message ?? r));
  if (problems.length > 0)
    return sendJson(res, 503, { status: 'error', error: problems.join('; '), ...body });
  sendJson(res, 200, { status: 'ok', ...body });
}

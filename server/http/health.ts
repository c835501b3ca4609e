import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerServices } from '../services';
import { sendJson } from './respond';

/** 200 once the database is open and migrated and answers a query; 503 before and on failure. */
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
  try {
    await services.database.db.execute('select 1');
    sendJson(res, 200, {
      status: 'ok',
      database: services.database.kind,
      uptimeSeconds: Math.round(process.uptime()),
    });
  } catch {
    sendJson(res, 503, { status: 'error', error: 'the database does not answer' });
  }
}

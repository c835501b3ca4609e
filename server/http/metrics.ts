import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../runtime/runtime';

/** `GET /api/metrics`: Prometheus text format. */
export async function handleMetrics(_req: IncomingMessage, res: ServerResponse, runtime: Runtime) {
  const text = await runtime.metrics.registry.metrics();
  res.writeHead(200, {
    'content-type': runtime.metrics.registry.contentType,
    'cache-control': 'no-store',
  });
  res.end(text);
}

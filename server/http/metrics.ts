import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../runtime/runtime';
import { openEventStreams } from './events';

/** `GET /api/metrics`: Prometheus text format. */
export async function handleMetrics(_req: IncomingMessage, res: ServerResponse, runtime: Runtime) {
  const text =
    (await runtime.metrics.registry.metrics()) +
    '# HELP flowdeck_sse_streams Open /api/events streams in this process (every scope)\n' +
    '# TYPE flowdeck_sse_streams gauge\n' +
    `flowdeck_sse_streams ${openEventStreams()}\n`;
  res.writeHead(200, {
    'content-type': runtime.metrics.registry.contentType,
    'cache-control': 'no-store',
  });
  res.end(text);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Gauge, type Registry } from 'prom-client';
import type { Runtime } from '../runtime/runtime';
import { openEventStreams } from './events';

const SSE_STREAMS = 'flowdeck_sse_streams';

/**
 * The open /api/events streams, a gauge in the runtime's registry beside its own metrics. The
 * streams are the HTTP layer's, so the gauge joins the registry here, at its first scrape, and
 * reads the live count at each scrape after.
 */
function registerStreamsGauge(registry: Registry) {
  if (registry.getSingleMetric(SSE_STREAMS)) return;
  new Gauge({
    name: SSE_STREAMS,
    help: 'Open /api/events streams in this process (every scope)',
    registers: [registry],
    collect() {
      this.set(openEventStreams());
    },
  });
}

/** `GET /api/metrics`: Prometheus text format. */
export async function handleMetrics(_req: IncomingMessage, res: ServerResponse, runtime: Runtime) {
  const registry = runtime.metrics.registry;
  registerStreamsGauge(registry);
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(text);
}

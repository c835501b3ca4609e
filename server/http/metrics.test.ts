import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../runtime/metrics';
import type { Runtime } from '../runtime/runtime';
import { handleMetrics } from './metrics';

const streams = vi.hoisted(() => ({ open: 0 }));
vi.mock('./events', () => ({ openEventStreams: () => streams.open }));

/** Scrapes /api/metrics of a runtime holding `metrics`; returns the status, headers and text. */
async function scrape(metrics: ReturnType<typeof createMetrics>) {
  let status = 0;
  let headers: Record<string, string> = {};
  let text = '';
  const res = {
    writeHead(code: number, h: Record<string, string>) {
      status = code;
      headers = h;
    },
    end(body: string) {
      text = body;
    },
  };
  await handleMetrics(
    {} as IncomingMessage,
    res as unknown as ServerResponse,
    { metrics } as unknown as Runtime,
  );
  return { status, headers, text };
}

describe('/api/metrics', () => {
  it('serves flowdeck_sse_streams through prom-client, in the runtime registry, live at each scrape', async () => {
    const metrics = createMetrics();
    streams.open = 3;
    const first = await scrape(metrics);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe(metrics.registry.contentType);
    expect(first.text).toContain(
      '# HELP flowdeck_sse_streams Open /api/events streams in this process (every scope)\n' +
        '# TYPE flowdeck_sse_streams gauge\n' +
        'flowdeck_sse_streams 3\n',
    );
    // A metric of the registry, like the others (so Registry.merge and friends see it).
    expect(metrics.registry.getSingleMetric('flowdeck_sse_streams')).toBeDefined();

    streams.open = 1;
    const second = await scrape(metrics);
    expect(second.text.match(/^# TYPE flowdeck_sse_streams /gm)).toHaveLength(1);
    expect(second.text).toMatch(/^flowdeck_sse_streams 1$/m);
    expect(second.text).toMatch(/^flowdeck_executions_running 0$/m);
  });

  it('registers the gauge once per runtime: two runtimes each show it', async () => {
    streams.open = 2;
    for (const metrics of [createMetrics(), createMetrics()])
      expect((await scrape(metrics)).text).toMatch(/^flowdeck_sse_streams 2$/m);
  });
});

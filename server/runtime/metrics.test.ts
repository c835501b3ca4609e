/**
 * The node duration histogram is counted by Flowdeck (not by prom-client's Histogram, whose
 * observe costs more): what /api/metrics shows must be what prom-client's own histogram would.
 */
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

/** Prometheus text as samples: `name{labels sorted}` → value. */
function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || !match[1]!.startsWith(name)) continue;
    const labels = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    out.set(`${match[1]}{${labels}}`, Number(match[3]));
  }
  return out;
}

describe('node duration metrics', () => {
  it('shows the same buckets, sums and counts as a prom-client histogram would', async () => {
    const observations: [string, 'succeeded' | 'failed', number][] = [
      ['log', 'succeeded', 0.3],
      ['log', 'succeeded', 0.5],
      ['log', 'succeeded', 7],
      ['http-request', 'succeeded', 120],
      ['http-request', 'failed', 45_000],
      ['transform', 'succeeded', 0.05],
    ];
    const metrics = createMetrics();
    for (const [type, status, ms] of observations) metrics.executor.nodeFinished(type, status, ms);

    const reference = new Registry();
    const histogram = new Histogram({
      name: 'flowdeck_node_duration_seconds',
      help: 'Duration of node runs, by node type and status',
      labelNames: ['type', 'status'] as const,
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [reference],
    });
    for (const [type, status, ms] of observations) histogram.observe({ type, status }, ms / 1000);

    const ours = await metrics.registry.metrics();
    const theirs = await reference.metrics();
    expect(ours).toContain('# TYPE flowdeck_node_duration_seconds histogram');
    expect(samples(ours, 'flowdeck_node_duration_seconds')).toEqual(
      samples(theirs, 'flowdeck_node_duration_seconds'),
    );
    // And in plain figures: three log runs, two of them within 0.5 ms.
    const log = samples(ours, 'flowdeck_node_duration_seconds');
    expect(
      log.get('flowdeck_node_duration_seconds_bucket{le="0.0005",status="succeeded",type="log"}'),
    ).toBe(2);
    expect(log.get('flowdeck_node_duration_seconds_count{status="succeeded",type="log"}')).toBe(3);
    expect(
      log.get(
        'flowdeck_node_duration_seconds_bucket{le="+Inf",status="failed",type="http-request"}',
      ),
    ).toBe(1);

    metrics.registry.resetMetrics();
    expect(samples(await metrics.registry.metrics(), 'flowdeck_node_duration_seconds').size).toBe(
      0,
    );
  });
});

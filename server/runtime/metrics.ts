/**
 * Prometheus metrics of the runtime (prom-client), served at /api/metrics. One registry per
 * runtime, so tests can build several without clashing.
 */
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type Metric,
  type MetricValueWithName,
} from 'prom-client';
import type { ExecutorMetrics } from './executor';

type Series = { counts: number[]; sum: number; count: number };

/**
 * A Prometheus histogram by node type and status, for the node run durations: five or more
 * observations per execution. prom-client's Histogram builds and hashes a label key on every
 * observe (~2% of the server's CPU under webhook load); this one finds its series with two map
 * lookups and counts in an array. The registry takes it as any other metric
 * (`registerMetric`: a name, help, type and `get()`), and prints it the same way.
 */
class DurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Map<string, Series>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  observe(type: string, status: string, seconds: number) {
    let byStatus = this.series.get(type);
    if (!byStatus) this.series.set(type, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) {
      series = { counts: this.bounds.map(() => 0), sum: 0, count: 0 };
      byStatus.set(status, series);
    }
    series.sum += seconds;
    series.count += 1;
    // The first bucket it fits (none: only +Inf, which is the count).
    for (let i = 0; i < this.bounds.length; i++)
      if (seconds <= this.bounds[i]!) {
        series.counts[i]! += 1;
        break;
      }
  }

  /** The series as prom-client's own histograms give them to the registry. */
  async get() {
    const values: MetricValueWithName<string>[] = [];
    for (const [type, byStatus] of this.series)
      for (const [status, series] of byStatus) {
        let cumulative = 0;
        this.bounds.forEach((le, i) => {
          cumulative += series.counts[i]!;
          values.push({
            metricName: `${this.name}_bucket`,
            labels: { type, status, le },
            value: cumulative,
          });
        });
        values.push(
          {
            metricName: `${this.name}_bucket`,
            labels: { type, status, le: '+Inf' },
            value: series.count,
          },
          { metricName: `${this.name}_sum`, labels: { type, status }, value: series.sum },
          { metricName: `${this.name}_count`, labels: { type, status }, value: series.count },
        );
      }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  reset() {
    this.series.clear();
  }
}

const EMERGENCY_RANK = { NORMAL: 0, ALERT: 1, HALT: 2, SHUTDOWN: 3 } as const;

export function createMetrics(
  options: {
    defaults?: boolean;
    subscribers?: () => number;
    /** The emergency level in force, read at each scrape. */
    emergency?: () => keyof typeof EMERGENCY_RANK;
  } = {},
) {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: 'flowdeck_process_' });
  const executions = new Counter({
    name: 'flowdeck_executions_total',
    help: 'Executions finished, by status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const nodeDuration = new DurationHistogram(
    'flowdeck_node_duration_seconds',
    'Duration of node runs, by node type and status',
    [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
  );
  registry.registerMetric(nodeDuration as unknown as Metric);
  const running = new Gauge({
    name: 'flowdeck_executions_running',
    help: 'Executions in progress in this process',
    registers: [registry],
  });
  const subscribers = options.subscribers;
  const sseClients = new Gauge({
    name: 'flowdeck_event_subscribers',
    help: 'Live event subscriptions in this process (open /api/events streams among them)',
    registers: [registry],
    collect() {
      if (subscribers) this.set(subscribers());
    },
  });
  const emergency = options.emergency;
  new Gauge({
    name: 'flowdeck_emergency_level',
    help: 'The emergency level in force: 0 NORMAL, 1 ALERT, 2 HALT, 3 SHUTDOWN',
    registers: [registry],
    collect() {
      if (emergency) this.set(EMERGENCY_RANK[emergency()]);
    },
  });
  new Gauge({
    name: 'flowdeck_emergency_state',
    help: 'The emergency level in force, as 1 on its own series (level label) and 0 on the others',
    labelNames: ['level'] as const,
    registers: [registry],
    collect() {
      if (!emergency) return;
      const now = emergency();
      for (const level of Object.keys(EMERGENCY_RANK) as (keyof typeof EMERGENCY_RANK)[])
        this.set({ level }, level === now ? 1 : 0);
    },
  });
  const triggerSkips = new Counter({
    name: 'flowdeck_trigger_skipped_total',
    help: 'Trigger firings skipped because the previous run was still going (concurrency: skip)',
    registers: [registry],
  });

  const batchExecutions = new Histogram({
    name: 'flowdeck_checkpoint_batch_executions',
    help: 'Executions recorded per checkpoint batch (one database statement each)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'flowdeck_checkpoint_write_seconds',
    help: 'Time to write a checkpoint batch durably, from the statement sent to its commit',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2],
    registers: [registry],
  });
  const checkpointBatch = (executions: number, seconds: number) => {
    batchExecutions.observe(executions);
    batchSeconds.observe(seconds);
  };

  const executor: ExecutorMetrics = {
    nodeFinished: (type, status, durationMs) =>
      nodeDuration.observe(type, status, durationMs / 1000),
    executionFinished: (status) => executions.inc({ status }),
  };
  return { registry, executor, running, sseClients, triggerSkips, checkpointBatch };
}

export type RuntimeMetrics = ReturnType<typeof createMetrics>;

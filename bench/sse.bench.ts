/**
 * SSE fan-out: 100 EventSource clients on one execution stream while 1,000 events/s are
 * published for 5 s (after 1 s of warm-up at the same rate). Reports delivered/sent and the latency from publish (the event's `ts`) to
 * receipt in the client. The clients run in a worker thread; server, bus and publisher share the
 * main thread, as in the Flowdeck server; the 2-core machine runs both. Memory bus always; Redis too when REDIS_URL is set (the
 * publisher then uses a bus of its own, like an executor in another process). The memory run is
 * repeated without write coalescing (`coalesceMs: 0`) to show what the default 5 ms saves.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { RuntimeEvent } from '@/lib/events';
import { handleEvents } from '../server/http/events';
import { logger } from '../server/logger';
import type { EventBus } from '../server/runtime/event-bus/event-bus';
import { createMemoryEventBus } from '../server/runtime/event-bus/memory';
import { createRedisEventBus } from '../server/runtime/event-bus/redis';
import { percentile, report, type Figure } from './report';

const CLIENTS = 100;
const RATE = 1_000;
const SECONDS = 5;
/** A first second of events that is neither counted nor timed: JIT warm-up of both sides. */
const WARMUP_SECONDS = 1;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Report = { counts: number[]; samples: Float64Array };

async function measure(
  name: string,
  server: EventBus,
  publisher: EventBus,
  coalesceMs?: number,
): Promise<Figure[]> {
  const executionId = `bench-${Date.now()}`;
  const snapshots = async () => [
    {
      type: 'snapshot' as const,
      executionId,
      workflowId: 'wf-bench',
      seq: 0,
      status: 'running' as const,
      nodes: {},
    },
  ];
  const http = createServer(
    (req, res) => void handleEvents(req, res, { bus: server, snapshots, coalesceMs }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/events?executionId=${executionId}`;
  // Two worker threads of 50 clients: one thread alone cannot parse 100,000 events/s.
  const workers = [0, 1].map(
    () =>
      new Worker(new URL('./sse-clients.worker.mjs', import.meta.url), {
        workerData: { url, clients: CLIENTS / 2, warmup: RATE * WARMUP_SECONDS },
      }),
  );
  const message = (type: string) =>
    Promise.all(
      workers.map(
        (worker) =>
          new Promise<Report>((resolve, reject) => {
            worker.on('message', (m: { type: string } & Report) => m.type === type && resolve(m));
            worker.once('error', reject);
          }),
      ),
    );
  try {
    await message('open');
    while (server.stats().subscribers < CLIENTS) await sleep(5);

    // 1,000 events/s: every millisecond-ish tick publishes what is due by then.
    const warmup = RATE * WARMUP_SECONDS;
    const total = warmup + RATE * SECONDS;
    const started = now();
    let sent = 0;
    let busy: EventLoopUtilization | null = null;
    while (sent < total) {
      if (!busy && sent >= warmup) busy = performance.eventLoopUtilization();
      const due = Math.min(total, Math.floor(((now() - started) * RATE) / 1_000));
      for (; sent < due; sent++) {
        const event: RuntimeEvent = {
          type: 'node_started',
          executionId,
          workflowId: 'wf-bench',
          seq: sent + 1,
          ts: now(),
          nodeId: `n${sent % 20}`,
          nodeType: 'log',
          attempt: 1,
        };
        publisher.publish(event);
      }
      await sleep(1);
    }
    const publishSeconds = (now() - started) / 1_000 - WARMUP_SECONDS;
    const serverBusy = performance.eventLoopUtilization(busy!).utilization;
    await publisher.flush();
    // Let the last events arrive (or time out: what is missing then counts as dropped).
    const reported = message('report');
    const deadline = now() + 5_000;
    while (now() < deadline && server.stats().pendingEvents > 0) await sleep(10);
    await sleep(1_000);
    for (const worker of workers) worker.postMessage({ type: 'report' });
    const reports = await reported;
    const delivered = reports.flatMap((r) => r.counts).reduce((a, b) => a + b, 0);
    const latencies = reports.flatMap((r) => Array.from(r.samples));
    return [
      {
        bench: `sse ${CLIENTS} clients, events sent (${name})`,
        value: total - warmup,
        unit: 'events',
      },
      {
        bench: `sse publish rate (${name})`,
        value: Math.round((total - warmup) / publishSeconds),
        unit: 'events/s',
      },
      {
        bench: `sse delivered/sent (${name})`,
        value: Math.round((delivered / ((total - warmup) * CLIENTS)) * 10_000) / 10_000,
        unit: 'ratio',
      },
      { bench: `sse latency p50 (${name})`, value: percentile(latencies, 50), unit: 'ms' },
      { bench: `sse latency p99 (${name})`, value: percentile(latencies, 99), unit: 'ms' },
      { bench: `sse latency max (${name})`, value: percentile(latencies, 100), unit: 'ms' },
      {
        bench: `sse server thread busy (${name})`,
        value: Math.round(serverBusy * 100),
        unit: '% (event-loop utilization)',
      },
    ];
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
}

export async function run() {
  const figures: Figure[] = [];
  const memory = createMemoryEventBus();
  try {
    figures.push(...(await measure('memory', memory, memory)));
    // The same without write coalescing (every event its own write): what the default saves.
    figures.push(...(await measure('memory, coalesceMs 0', memory, memory, 0)));
  } finally {
    await memory.close();
  }
  const url = process.env.REDIS_URL;
  if (url) {
    const prefix = `fdbench:${Date.now()}:`;
    const server = createRedisEventBus({ url, log: logger, prefix });
    const publisher = createRedisEventBus({ url, log: logger, prefix });
    try {
      figures.push(...(await measure('redis', server, publisher)));
    } finally {
      await Promise.all([server.close(), publisher.close()]);
    }
  }
  report(figures);
}

// The 100 EventSource clients of bench/sse.bench.ts, in a worker thread so that their parsing
// does not run on the server's thread. Latency = receipt time - the event's `ts` (publish time,
// on the same process clock: performance.timeOrigin + performance.now()). Events up to seq
// `warmup` only warm up the JIT and are neither counted nor timed.
import { parentPort, workerData } from 'node:worker_threads';
import { EventSource } from 'eventsource';

const { url, clients, warmup } = workerData;
const now = () => performance.timeOrigin + performance.now();
const counts = new Array(clients).fill(0);
const latencies = [];
let opened = 0;
const sources = [];

for (let i = 0; i < clients; i++) {
  const es = new EventSource(url);
  es.addEventListener('open', () => {
    if (++opened === clients) parentPort.postMessage({ type: 'open' });
  });
  es.addEventListener('node_started', (e) => {
    const received = now();
    const event = JSON.parse(e.data);
    if (event.seq <= warmup) return;
    counts[i]++;
    latencies.push(received - event.ts);
  });
  sources.push(es);
}

parentPort.on('message', (m) => {
  if (m.type === 'report') {
    for (const es of sources) es.close();
    const samples = Float64Array.from(latencies);
    parentPort.postMessage({ type: 'report', counts, samples }, [samples.buffer]);
  }
});

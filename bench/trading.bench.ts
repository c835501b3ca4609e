/**
 * Trading on the paper venue (issue 9), PGlite in memory and the memory bus:
 * - one tick of the arbitrage template (12 nodes: two price feeds, spread, cost model, risk
 *   limit, paper orders…), run → finished, run back to back (approvals auto-rejected away);
 * - one paper order (`place`: order row, position update, one transaction);
 * - the SHUTDOWN hook flattening 200 open positions.
 * BENCH_TRIALS sets the tick and order counts (default 300).
 */
import { eq } from 'drizzle-orm';
import { openDatabase } from '../server/db/client';
import { paperOrders } from '../server/db/schema';
import { createWorkflow } from '../server/db/workflows';
import { logger } from '../server/logger';
import { nodeCatalog } from '../server/nodes/registry';
import { createEventBus } from '../server/runtime/event-bus';
import { startTestRuntime } from '../server/testing/runtime';
import { percentile, report, timeMany } from './report';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 300);

export async function run() {
  const silent = logger.child({}, { level: 'silent' });
  const database = await openDatabase({ dataDir: 'memory://' });
  const t = await startTestRuntime(database, {
    bus: createEventBus({ redisUrl: '', log: silent }),
    log: silent,
  });
  try {
    const { id } = await t.api.workflows.createFromTemplate({ templateId: 'btc-arbitrage' });
    // Large orders would wait for a person: raise the approval threshold out of reach.
    const { workflow } = await t.api.workflows.get({ id });
    const nodes = workflow.nodes.map((n) =>
      n.id === 'large' ? { ...n, props: { ...n.props, threshold: 1e9 } } : n,
    );
    await t.api.workflows.save({ workflow: { ...workflow, nodes } });
    const ticks = await timeMany(TRIALS, async () => {
      const execution = await t.runtime.run({ workflowId: id, trigger: 'interval' });
      await execution.done;
    });
    const filled = (
      await database.db.select().from(paperOrders).where(eq(paperOrders.workflowId, id))
    ).length;

    const book = (await createWorkflow(database.db, { name: 'Bench book' }, nodeCatalog)).id;
    const orders = await timeMany(TRIALS, (i) =>
      t.runtime.paper.place({
        executionId: `ex_bench_${i}`,
        nodeId: 'order',
        workflowId: book,
        venue: 'sim-a',
        symbol: 'BTC-USD',
        side: i % 3 === 0 ? 'sell' : 'buy',
        type: 'market',
        quantity: 0.1,
        bid: 60_000 + (i % 7),
        ask: 60_001 + (i % 7),
      }),
    );

    for (let i = 0; i < 200; i++)
      await t.runtime.paper.place({
        executionId: `ex_flat_${i}`,
        nodeId: 'order',
        workflowId: book,
        venue: `venue-${i}`,
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: 1,
        bid: 100,
        ask: 101,
      });
    const started = performance.now();
    const flattened = await t.runtime.paper.flattenAll('shutdown');
    const flattenMs = Math.round(performance.now() - started);

    console.log(
      `${TRIALS} arbitrage ticks placed ${filled} paper orders; flattened ${flattened.closed} positions`,
    );
    report([
      { bench: 'trading.arbitrage_tick_p50', value: percentile(ticks, 50), unit: 'ms' },
      { bench: 'trading.arbitrage_tick_p95', value: percentile(ticks, 95), unit: 'ms' },
      { bench: 'trading.paper_order_p50', value: percentile(orders, 50), unit: 'ms' },
      { bench: 'trading.paper_order_p95', value: percentile(orders, 95), unit: 'ms' },
      { bench: 'trading.shutdown_flatten_200_positions', value: flattenMs, unit: 'ms' },
    ]);
  } finally {
    await t.close();
    await database.close();
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nanoid } from 'nanoid';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { paperPnlPeaks, workflows } from '../db/schema';
import { createWorkflow } from '../db/workflows';
import { nodeCatalog } from '../nodes/registry';
import { databaseBackends } from '../testing/databases';
import { createPaperVenue, type PaperVenue } from './paper-venue';
import type { OrderRequest } from './types';

describe.each(databaseBackends)('paper venue on $name', ({ open }) => {
  let database: Database;
  let venue: PaperVenue;
  beforeAll(async () => {
    database = await open();
    venue = createPaperVenue(database.db);
  });
  afterAll(() => database.close());

  const newWorkflow = async () =>
    (await createWorkflow(database.db, { name: `Book ${nanoid(5)}` }, nodeCatalog)).id;
  const order = (workflowId: string, o: Partial<OrderRequest>): OrderRequest => ({
    executionId: `ex_${nanoid(8)}`,
    nodeId: 'order',
    workflowId,
    venue: 'sim-a',
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: 1,
    bid: 99,
    ask: 101,
    ...o,
  });

  it('keeps positions, average price and realised and unrealised PnL, fees included', async () => {
    const wf = await newWorkflow();
    await venue.place(order(wf, { quantity: 1, ask: 100, bid: 99 }));
    await venue.place(order(wf, { quantity: 3, ask: 120, bid: 119 }));
    const sold = await venue.place(
      order(wf, { side: 'sell', quantity: 1, bid: 125, ask: 126, feeBps: 10 }),
    );
    // Closing 1 of avg 115 at 125 realises 10, minus a fee of 10 bps of 125.
    expect(sold.order).toMatchObject({
      status: 'filled',
      fillPrice: 125,
      fee: 0.125,
      realisedPnl: 9.875,
    });
    await venue.mark(wf, { venue: 'sim-a', symbol: 'BTC-USD', bid: 129, ask: 131 });
    const book = await venue.portfolio(wf);
    expect(book.positions).toEqual([
      {
        workflowId: wf,
        venue: 'sim-a',
        symbol: 'BTC-USD',
        quantity: 3,
        avgPrice: 115,
        markPrice: 130,
        realisedPnl: 9.875,
        unrealisedPnl: 45,
      },
    ]);
    expect(book.totals).toEqual({ realisedPnl: 9.875, unrealisedPnl: 45 });
    expect(book.orders.map((o) => o.side)).toEqual(['sell', 'buy', 'buy']);
    const exposure = await venue.exposure(wf);
    expect(exposure).toMatchObject({ realisedToday: 9.875, unrealised: 45 });
  });

  it('places one order per execution and node: a repeat returns the recorded order and changes nothing', async () => {
    const wf = await newWorkflow();
    const req = order(wf, { executionId: 'ex_same', nodeId: 'buy', quantity: 2 });
    const first = await venue.place(req);
    const again = await venue.place({ ...req, ask: 500 });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ order: first.order, duplicate: true });
    const [position] = (await venue.portfolio(wf)).positions;
    expect(position).toMatchObject({ quantity: 2, avgPrice: 101 });
    // Two at once, as a resumed execution racing its own retry would: still one order.
    const racing = order(wf, { executionId: 'ex_race', nodeId: 'buy' });
    const both = await Promise.all([venue.place(racing), venue.place(racing)]);
    expect(both.filter((r) => r.duplicate)).toHaveLength(1);
    expect((await venue.portfolio(wf)).positions[0]!.quantity).toBe(3);
  });

  it('rests a limit order that is not marketable, and fills it when a later price crosses it', async () => {
    const wf = await newWorkflow();
    const placed = await venue.place(order(wf, { type: 'limit', limitPrice: 95 }));
    expect(placed.order).toMatchObject({ status: 'open', fillPrice: null, limitPrice: 95 });
    await venue.mark(wf, { venue: 'sim-a', symbol: 'BTC-USD', bid: 95, ask: 96 });
    expect((await venue.portfolio(wf)).orders[0]).toMatchObject({ status: 'open' });
    await venue.mark(wf, { venue: 'sim-a', symbol: 'BTC-USD', bid: 93, ask: 94 });
    const book = await venue.portfolio(wf);
    expect(book.orders[0]).toMatchObject({ status: 'filled', fillPrice: 94 });
    expect(book.positions[0]).toMatchObject({ quantity: 1, avgPrice: 94, markPrice: 93.5 });
  });

  it('rejects orders it cannot fill, with the reason, and records them', async () => {
    const wf = await newWorkflow();
    const bad = await venue.place(order(wf, { quantity: 0 }));
    expect(bad.order).toMatchObject({
      status: 'rejected',
      reason: 'quantity must be a positive number, got 0',
    });
    const crossed = await venue.place(order(wf, { bid: 102, ask: 101 }));
    expect(crossed.order.reason).toBe('crossed market: bid 102 > ask 101');
    expect((await venue.portfolio(wf)).positions).toEqual([]);
  });

  it('flattens every position and cancels open orders on shutdown, recording the closing orders', async () => {
    const wf = await newWorkflow();
    await venue.place(order(wf, { venue: 'sim-a', quantity: 2 }));
    await venue.place(order(wf, { venue: 'sim-b', side: 'sell', quantity: 1.5 }));
    await venue.place(order(wf, { venue: 'sim-a', type: 'limit', limitPrice: 50 }));
    await venue.mark(wf, { venue: 'sim-a', symbol: 'BTC-USD', bid: 109, ask: 111 });
    const done = await venue.flattenAll('shutdown');
    expect(done.closed).toBeGreaterThanOrEqual(2);
    expect(done.cancelled).toBeGreaterThanOrEqual(1);
    const book = await venue.portfolio(wf);
    expect(book.positions.map((p) => p.quantity)).toEqual([0, 0]);
    const closing = book.orders.filter((o) => o.reason === 'shutdown' && o.status === 'filled');
    expect(closing.map((o) => [o.venue, o.side, o.quantity, o.fillPrice]).sort()).toEqual([
      ['sim-a', 'sell', 2, 110],
      ['sim-b', 'buy', 1.5, 100],
    ]);
    expect(book.orders.find((o) => o.type === 'limit')).toMatchObject({
      status: 'cancelled',
      reason: 'shutdown',
    });
    // Long 2 from 101 closed at 110: +18; short 1.5 from 99 closed at its mark 100: -1.5.
    expect(book.totals).toEqual({ realisedPnl: 16.5, unrealisedPnl: 0 });
  });

  it("keeps the day's peak PnL per workflow: a maximum, shared by every process, afresh on a new day", async () => {
    const wf = await newWorkflow();
    const other = await newWorkflow();
    expect(await venue.peakToday(wf, 12.5)).toBe(12.5);
    expect(await venue.peakToday(wf, 3)).toBe(12.5);
    // Checks at once (parallel executions) all count; the same figure again changes nothing.
    await Promise.all([40, 38, 40, 39].map((pnl) => venue.peakToday(wf, pnl)));
    expect(await venue.peakToday(wf, 40)).toBe(40);
    // Another process (a venue of its own on the same database) sees the same peak.
    expect(await createPaperVenue(database.db).peakToday(wf, 1)).toBe(40);
    expect(await venue.peakToday(other, -5)).toBe(-5);
    // A peak from yesterday does not count today.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await database.db
      .update(paperPnlPeaks)
      .set({ day: yesterday })
      .where(eq(paperPnlPeaks.workflowId, wf));
    expect(await venue.peakToday(wf, 2)).toBe(2);
    const rows = await database.db
      .select()
      .from(paperPnlPeaks)
      .where(eq(paperPnlPeaks.workflowId, wf));
    expect(rows).toMatchObject([{ day: new Date().toISOString().slice(0, 10), peak: 2 }]);
    // It goes with its workflow.
    await database.db.delete(workflows).where(eq(workflows.id, wf));
    expect(
      await database.db.select().from(paperPnlPeaks).where(eq(paperPnlPeaks.workflowId, wf)),
    ).toEqual([]);
  });
});

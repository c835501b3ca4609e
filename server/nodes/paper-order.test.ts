import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client';
import { createWorkflow } from '../db/workflows';
import { runNodeForTest, recordingLogger } from '../testing/run-node';
import { createPaperVenue, type PaperVenue } from '../trading/paper-venue';
import paperOrder from './paper-order';
import { nodeCatalog } from './registry';

const quote = { symbol: 'BTC-USD', venue: 'sim-a', bid: 99, ask: 101 };

describe('paper-order', () => {
  let database: Database;
  let paper: PaperVenue;
  let workflowId: string;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    paper = createPaperVenue(database.db);
    workflowId = (await createWorkflow(database.db, { name: 'Orders' }, nodeCatalog)).id;
  });
  afterAll(() => database.close());

  let n = 0;
  const place = (
    input: unknown,
    props: z.input<typeof paperOrder.props>,
    executionId = `ex_${++n}`,
  ) =>
    runNodeForTest(paperOrder, {
      inputs: { in: input },
      props,
      paper,
      execution: { id: executionId, workflowId, nodeId: 'order' },
    });

  it('fills a market buy at the ask of the quote it receives, to "filled"', async () => {
    const { outputs } = await place(quote, { side: 'buy', quantity: 0.5 });
    expect(outputs.filled).toMatchObject({
      venue: 'sim-a',
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: 0.5,
      status: 'filled',
      fillPrice: 101,
      duplicate: false,
    });
  });

  it('takes venue, price and quantity of its leg from a spread / cost-model result', async () => {
    const opportunity = {
      symbol: 'BTC-USD',
      buyVenue: 'a',
      buyPrice: 100,
      sellVenue: 'b',
      sellPrice: 100.4,
      quantity: 0.2,
    };
    const sell = await place(opportunity, { side: 'sell' });
    expect(sell.outputs.filled).toMatchObject({
      venue: 'b',
      side: 'sell',
      quantity: 0.2,
      fillPrice: 100.4,
    });
    expect(paperOrder.target?.(paperOrder.props.parse({ side: 'buy' }), { in: opportunity })).toBe(
      'paper:a',
    );
  });

  it('rests a limit order that is not marketable, to "open"', async () => {
    const { outputs } = await place(quote, {
      side: 'buy',
      type: 'limit',
      limitPrice: 100,
      quantity: 1,
    });
    expect(outputs.open).toMatchObject({ status: 'open', limitPrice: 100, fillPrice: null });
  });

  it('sends what the venue refuses to "rejected" with the reason', async () => {
    const { outputs } = await place({ ...quote, bid: 105 }, { quantity: 1 });
    expect(outputs.rejected).toMatchObject({
      status: 'rejected',
      reason: 'crossed market: bid 105 > ask 101',
    });
  });

  it('run twice by one execution (a crash-resumed run), places the order once', async () => {
    const first = await place(quote, { side: 'sell', quantity: 1, venue: 'once' }, 'ex_resumed');
    const again = await place(
      { ...quote, bid: 50 },
      { side: 'sell', quantity: 1, venue: 'once' },
      'ex_resumed',
    );
    expect(again.outputs.filled).toMatchObject({
      id: (first.outputs.filled as { id: string }).id,
      fillPrice: 99,
      duplicate: true,
    });
    expect(again.logs.map((l) => l.msg)).toContain(
      'paper order already placed by this execution; not placed again',
    );
    const book = await paper.portfolio(workflowId);
    expect(book.positions.find((p) => p.venue === 'once')).toMatchObject({ quantity: -1 });
    expect(book.orders.filter((o) => o.venue === 'once')).toHaveLength(1);
  });

  it('says what is missing instead of placing a half-specified order', async () => {
    await expect(place({ symbol: 'BTC-USD', bid: 1, ask: 2 }, { quantity: 1 })).rejects.toThrow(
      'paper-order: no venue',
    );
    await expect(place({ venue: 'x', bid: 1, ask: 2 }, { quantity: 1 })).rejects.toThrow(
      'paper-order: no symbol',
    );
    await expect(place({ venue: 'x', symbol: 'Y' }, { quantity: 1 })).rejects.toThrow(
      'paper-order: the input carries no price',
    );
    await expect(place(quote, {})).rejects.toThrow(
      'paper-order: quantity is 0 and the input has no "quantity"',
    );
  });

  it('is a side effect, and its shutdown hook flattens the paper book', async () => {
    expect(paperOrder.sideEffects).toBe(true);
    await paperOrder.onShutdown!({ reason: 'test', paper, log: recordingLogger([]) });
    const book = await paper.portfolio(workflowId);
    expect(book.positions.every((p) => p.quantity === 0)).toBe(true);
    expect(book.orders.find((o) => o.type === 'limit')).toMatchObject({ status: 'cancelled' });
  });

  it('fails clearly without a paper venue in its context', async () => {
    await expect(
      runNodeForTest(paperOrder, { inputs: { in: quote }, props: { quantity: 1 } }),
    ).rejects.toThrow('the paper trading venue is not available in this runtime');
  });
});

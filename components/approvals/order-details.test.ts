import { describe, expect, it } from 'vitest';
import { orderLine, orderSummary } from './order-details';

describe('orderSummary', () => {
  it('reads an arbitrage intent: both legs, size, buy price, notional, net profit', () => {
    const o = orderSummary({
      title: 'Large arbitrage',
      summary: 'above 1 BTC',
      input: {
        symbol: 'BTC-USD',
        buyVenue: 'alpha',
        buyPrice: 100,
        sellVenue: 'beta',
        sellPrice: 101,
        quantity: 2,
        notional: 200,
        netProfit: 1.5,
      },
    });
    expect(o).toMatchObject({
      title: 'Large arbitrage',
      summary: 'above 1 BTC',
      symbol: 'BTC-USD',
      quantity: 2,
      price: 100,
      notional: 200,
      netProfit: 1.5,
    });
    expect(o.legs).toEqual([
      { side: 'buy', venue: 'alpha', price: 100 },
      { side: 'sell', venue: 'beta', price: 101 },
    ]);
    expect(orderLine(o)).toBe('BUY alpha / SELL beta 2 BTC-USD');
  });

  it("prefers the server's reading of the order (details.order, price = the buy price)", () => {
    const o = orderSummary({
      title: 'Large arbitrage order',
      input: { quantity: 9 },
      order: {
        symbol: 'BTC-USD',
        side: 'buy+sell',
        quantity: 0.3,
        price: 100,
        notional: 30,
        buyVenue: 'sim-a',
        sellVenue: 'sim-b',
        sellPrice: 101,
      },
    });
    expect(o).toMatchObject({ quantity: 0.3, price: 100, notional: 30 });
    expect(o.legs[1]).toEqual({ side: 'sell', venue: 'sim-b', price: 101 });
  });

  it('reads a single order: a sell meets the bid, notional from size × price', () => {
    const o = orderSummary({
      input: { order: { symbol: 'ETH', side: 'sell', venue: 'x', quantity: 3, bid: 10, ask: 11 } },
    });
    expect(o).toMatchObject({ title: 'Approval required', price: 10, notional: 30 });
    expect(orderLine(o)).toBe('SELL 3 ETH');
  });

  it('leaves what is not an order to be shown raw', () => {
    const o = orderSummary({ title: 'Deploy?', input: 'v2' });
    expect(o.legs).toEqual([]);
    expect(orderLine(o)).toBeNull();
    expect(o.raw).toBe('v2');
    expect(orderSummary(null).title).toBe('Approval required');
  });
});

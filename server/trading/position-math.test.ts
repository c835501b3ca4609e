import { describe, expect, it } from 'vitest';
import { applyFill, fillPriceFor, unrealised } from './position-math';

describe('position math', () => {
  it('averages fills on the same side by size', () => {
    const one = applyFill({ quantity: 0, avgPrice: 0 }, 'buy', 1, 100);
    const two = applyFill(one, 'buy', 3, 120);
    expect(two).toEqual({ quantity: 4, avgPrice: 115, realised: 0 });
  });

  it('realises PnL against the average when closing, and keeps the average of what is left', () => {
    expect(applyFill({ quantity: 4, avgPrice: 115 }, 'sell', 1, 125)).toEqual({
      quantity: 3,
      avgPrice: 115,
      realised: 10,
    });
    // A short closed higher loses.
    expect(applyFill({ quantity: -2, avgPrice: 50 }, 'buy', 2, 55)).toEqual({
      quantity: 0,
      avgPrice: 0,
      realised: -10,
    });
  });

  it('flips to the other side at the fill price when the order is larger than the position', () => {
    expect(applyFill({ quantity: 1, avgPrice: 100 }, 'sell', 3, 90)).toEqual({
      quantity: -2,
      avgPrice: 90,
      realised: -10,
    });
  });

  it('values longs and shorts at the mark', () => {
    expect(unrealised({ quantity: 2, avgPrice: 100 }, 110)).toBe(20);
    expect(unrealised({ quantity: -2, avgPrice: 100 }, 110)).toBe(-20);
    expect(unrealised({ quantity: 2, avgPrice: 100 }, null)).toBe(0);
  });

  it('fills market orders at the touch and limit orders only when marketable', () => {
    expect(fillPriceFor('buy', 'market', null, 99, 101)).toBe(101);
    expect(fillPriceFor('sell', 'market', null, 99, 101)).toBe(99);
    expect(fillPriceFor('buy', 'limit', 100, 99, 101)).toBeNull();
    expect(fillPriceFor('buy', 'limit', 102, 99, 101)).toBe(101);
    expect(fillPriceFor('sell', 'limit', 99.5, 99, 101)).toBeNull();
    expect(fillPriceFor('sell', 'limit', 98, 99, 101)).toBe(99);
  });
});

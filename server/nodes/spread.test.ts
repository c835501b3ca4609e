import { describe, expect, it } from 'vitest';
import { runNodeForTest } from '../testing/run-node';
import spread from './spread';

const quote = (venue: string, bid: number, ask: number, symbol = 'BTC-USD') => ({
  symbol,
  venue,
  bid,
  ask,
});
const run = (a: unknown, b: unknown) => runNodeForTest(spread, { inputs: { a, b } });

describe('spread', () => {
  it('buys on the cheaper ask and sells on the dearer bid, in basis points of the buy price', async () => {
    const { outputs } = await run(quote('x', 99.9, 100), quote('y', 100.5, 100.6));
    expect(outputs).toEqual({
      out: {
        symbol: 'BTC-USD',
        spreadBps: 50,
        buyVenue: 'x',
        sellVenue: 'y',
        buyPrice: 100,
        sellPrice: 100.5,
        mid: 100.25,
      },
    });
  });

  it('finds the direction whichever input is cheaper', async () => {
    const { outputs } = await run(quote('x', 100.5, 100.6), quote('y', 99.9, 100));
    expect(outputs.out).toMatchObject({ buyVenue: 'y', sellVenue: 'x', spreadBps: 50 });
  });

  it('is negative when the spread does not pay for crossing both books', async () => {
    const { outputs } = await run(quote('x', 99.9, 100.1), quote('y', 100, 100.2));
    expect((outputs.out as { spreadBps: number }).spreadBps).toBeLessThan(0);
  });

  it('refuses quotes of different symbols or without prices, naming the input', async () => {
    await expect(run(quote('x', 1, 2), quote('y', 1, 2, 'ETH-USD'))).rejects.toThrow(
      'spread: inputs quote different symbols ("BTC-USD" and "ETH-USD")',
    );
    await expect(run(quote('x', 1, 2), { symbol: 'BTC-USD', venue: 'y', bid: 1 })).rejects.toThrow(
      'spread: input "b".ask is missing',
    );
    await expect(run(42, quote('y', 1, 2))).rejects.toThrow('spread: input "a" must be a quote');
  });
});

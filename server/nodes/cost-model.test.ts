import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import costModel from './cost-model';

const opportunity = {
  symbol: 'BTC-USD',
  buyVenue: 'a',
  sellVenue: 'b',
  buyPrice: 60_000,
  sellPrice: 60_090,
  spreadBps: 15,
};

describe('cost-model', () => {
  it('itemises fees, slippage and fixed costs, and sends a trade that pays to "profitable"', async () => {
    const { outputs } = await runNodeForTest(costModel, {
      inputs: { in: opportunity },
      props: { quantity: 1, takerFeeBps: 5, slippageBps: 1, fixedCost: 2, minProfit: 0 },
    });
    // gross 90; fees 5 bps of 120,090 = 60.045; slippage 1 bp = 12.009; fixed 2.
    expect(outputs).toEqual({
      profitable: {
        ...opportunity,
        quantity: 1,
        notional: 60_000,
        grossProfit: 90,
        costs: { fees: 60.045, slippage: 12.009, fixed: 2, total: 74.054 },
        netProfit: 15.946,
      },
    });
  });

  it('sends it to "unprofitable" when the net does not beat the minimum profit', async () => {
    const props = { quantity: 1, takerFeeBps: 5, slippageBps: 1, fixedCost: 2 };
    const below = await runNodeForTest(costModel, {
      inputs: { in: opportunity },
      props: { ...props, minProfit: 20 },
    });
    expect(Object.keys(below.outputs)).toEqual(['unprofitable']);
  });

  it('uses the maker fee for maker liquidity', async () => {
    const { outputs } = await runNodeForTest(costModel, {
      inputs: { in: opportunity },
      props: { quantity: 1, liquidity: 'maker', makerFeeBps: 0, slippageBps: 0 },
    });
    expect(outputs.profitable).toMatchObject({ netProfit: 90, costs: { fees: 0 } });
  });

  it('sizes with the edge when asked, capped at the max quantity', async () => {
    const sized = async (sellPrice: number) =>
      (
        await runNodeForTest(costModel, {
          inputs: { in: { ...opportunity, sellPrice } },
          props: {
            quantity: 0.1,
            sizeToSpreadBps: 5,
            maxQuantity: 0.5,
            takerFeeBps: 0,
            slippageBps: 0,
          },
        })
      ).outputs.profitable as { quantity: number };
    expect((await sized(60_030)).quantity).toBeCloseTo(0.1, 8); // 5 bps: the base
    expect((await sized(60_090)).quantity).toBeCloseTo(0.3, 8); // 15 bps: three times
    expect((await sized(61_000)).quantity).toBe(0.5); // capped
  });

  it('refuses an input without prices, and bad props', async () => {
    await expect(runNodeForTest(costModel, { inputs: { in: { buyPrice: 1 } } })).rejects.toThrow(
      'cost-model: input sellPrice is missing',
    );
    expect(propIssues(costModel, { quantity: 0 })).toEqual(['quantity: must be > 0']);
  });
});

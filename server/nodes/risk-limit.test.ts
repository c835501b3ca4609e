import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import type { EmergencyApi, Exposure, PaperVenueApi } from '../trading/types';
import { unavailablePaper } from '../trading/unavailable';
import riskLimit from './risk-limit';

/** A book with fixed figures: the node only reads `exposure`. */
function book(e: Partial<Exposure>): PaperVenueApi {
  return {
    ...unavailablePaper,
    exposure: async () => ({ positions: [], realisedToday: 0, unrealised: 0, ...e }),
  };
}

function emergencyLog() {
  const raised: { level: string; reason: string; rule: string }[] = [];
  let level: ReturnType<EmergencyApi['level']> = 'NORMAL';
  const api: EmergencyApi = {
    level: () => level,
    async raise(next, reason, rule) {
      raised.push({ level: next, reason, rule });
      level = next;
      return true;
    },
  };
  return { api, raised };
}

const order = {
  symbol: 'BTC-USD',
  buyVenue: 'a',
  sellVenue: 'b',
  buyPrice: 100,
  sellPrice: 101,
  quantity: 0.5,
};
const check = (
  input: unknown,
  props: z.input<typeof riskLimit.props>,
  paper: PaperVenueApi,
  emergency = emergencyLog().api,
) =>
  runNodeForTest(riskLimit, {
    inputs: { in: input },
    props,
    paper,
    emergency,
    execution: { workflowId: 'wf_1', nodeId: 'risk' },
  });

describe('risk-limit', () => {
  it('passes an order within every limit to "ok", unchanged', async () => {
    const { outputs } = await check(order, {}, book({ realisedToday: -100, unrealised: 50 }));
    expect(outputs).toEqual({ ok: order });
  });

  it('blocks on the daily loss (realised today plus unrealised) and raises HALT with the rule', async () => {
    const { api, raised } = emergencyLog();
    const { outputs } = await check(
      order,
      { dailyLossLimit: 500, onBreach: 'halt' },
      book({ realisedToday: -400, unrealised: -112.3 }),
      api,
    );
    const rule = 'risk-limit:wf_1/risk: daily loss 512.30 > limit 500.00';
    expect(outputs).toEqual({
      blocked: {
        order,
        reason: 'daily loss 512.30 > limit 500.00',
        rule,
        onBreach: 'halt',
        raised: true,
      },
    });
    expect(raised).toEqual([
      { level: 'HALT', reason: 'risk limit breached: daily loss 512.30 > limit 500.00', rule },
    ]);
  });

  it('raises ALERT with onBreach "alert", and only blocks with "block"', async () => {
    const alert = emergencyLog();
    await check(order, { maxOrderSize: 0.1, onBreach: 'alert' }, book({}), alert.api);
    expect(alert.raised.map((r) => [r.level, r.reason])).toEqual([
      ['ALERT', 'risk limit breached: order size 0.5 > max 0.1'],
    ]);
    const quiet = emergencyLog();
    const { outputs } = await check(
      order,
      { maxOrderSize: 0.1, onBreach: 'block' },
      book({}),
      quiet.api,
    );
    expect(outputs.blocked).toMatchObject({ reason: 'order size 0.5 > max 0.1', raised: false });
    expect(quiet.raised).toEqual([]);
  });

  it('checks the position each leg leads to, but lets an order that reduces a position through', async () => {
    const position = (venue: string, quantity: number) => ({
      workflowId: 'wf_1',
      venue,
      symbol: 'BTC-USD',
      quantity,
      avgPrice: 100,
      markPrice: 100,
      realisedPnl: 0,
      unrealisedPnl: 0,
    });
    const long = book({ positions: [position('a', 1.8)] });
    const { outputs } = await check(order, { maxPosition: 2, onBreach: 'block' }, long);
    expect(outputs.blocked).toMatchObject({
      reason: 'position on a would be 2.3 BTC-USD, beyond max 2',
    });
    const reducing = book({ positions: [position('a', -3), position('b', 3)] });
    expect(Object.keys((await check(order, { maxPosition: 2 }, reducing)).outputs)).toEqual(['ok']);
    const single = { symbol: 'BTC-USD', venue: 'a', side: 'sell', quantity: 0.5 };
    expect(Object.keys((await check(single, { maxPosition: 2 }, long)).outputs)).toEqual(['ok']);
  });

  it('needs a quantity in its input, and sane limits', async () => {
    await expect(check({ symbol: 'X' }, {}, book({}))).rejects.toThrow(
      'risk-limit: the input has no "quantity"',
    );
    await expect(check({ quantity: -1 }, {}, book({}))).rejects.toThrow(
      'risk-limit: the input needs a "quantity" ≥ 0, got -1',
    );
    expect(propIssues(riskLimit, { dailyLossLimit: -1 })[0]).toMatch(/^dailyLossLimit:/);
  });
});

import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import type { EmergencyApi, Exposure, PaperVenueApi } from '../trading/types';
import { unavailablePaper } from '../trading/unavailable';
import riskLimit from './risk-limit';

/**
 * A book the node reads: its exposure (fixed figures, or changed by the test between checks) and
 * the day's peak PnL, a maximum kept in memory as the paper venue keeps it in the database.
 */
function book(e: Partial<Exposure>, peaks = new Map<string, number>()) {
  let exposure: Exposure = { positions: [], realisedToday: 0, unrealised: 0, ...e };
  const recorded: number[] = [];
  const paper: PaperVenueApi & {
    peaks: Map<string, number>;
    recorded: number[];
    move(next: Partial<Exposure>): void;
  } = {
    ...unavailablePaper,
    peaks,
    recorded,
    move: (next) => (exposure = { ...exposure, ...next }),
    exposure: async () => exposure,
    async peakToday(workflowId, pnl) {
      recorded.push(pnl);
      const peak = Math.max(peaks.get(workflowId) ?? pnl, pnl);
      peaks.set(workflowId, peak);
      return peak;
    },
  };
  return paper;
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

  describe('lossFrom "peak": a trailing limit from the day\'s peak PnL', () => {
    const trailing = { lossFrom: 'peak', dailyLossLimit: 5, onBreach: 'halt' } as const;

    it('measures the drawdown from the highest PnL its checks saw today, and halts with it', async () => {
      const { api, raised } = emergencyLog();
      const paper = book({ realisedToday: 20, unrealised: 10 });
      // In profit and at its peak: no drawdown, the order passes.
      expect(Object.keys((await check(order, trailing, paper, api)).outputs)).toEqual(['ok']);
      // The marks give back 4 of the 30: still within 5.
      paper.move({ unrealised: 6 });
      expect(Object.keys((await check(order, trailing, paper, api)).outputs)).toEqual(['ok']);
      // A new high of 32 raises the peak; from there a fall to 19.7 is a drawdown of 12.30.
      paper.move({ realisedToday: 26 });
      await check(order, trailing, paper, api);
      expect(paper.peaks.get('wf_1')).toBe(32);
      paper.move({ unrealised: -6.3 });
      const { outputs } = await check(order, trailing, paper, api);
      const reason = "drawdown 12.30 from today's peak (32.00 → 19.70) > limit 5.00";
      const rule = `risk-limit:wf_1/risk: ${reason}`;
      expect(outputs).toEqual({
        blocked: { order, reason, rule, onBreach: 'halt', raised: true },
      });
      expect(raised).toEqual([{ level: 'HALT', reason: `risk limit breached: ${reason}`, rule }]);
      // Still in profit: measured from zero, the same book is far within the limit.
      const fromZero = await check(order, { ...trailing, lossFrom: 'zero' }, paper);
      expect(Object.keys(fromZero.outputs)).toEqual(['ok']);
    });

    it('counts from 0 on a day that has not been in profit, so it never allows more than "zero"', async () => {
      const paper = book({ realisedToday: -4, unrealised: -2.5 });
      const { outputs } = await check(order, { ...trailing, onBreach: 'block' }, paper);
      expect(outputs.blocked).toMatchObject({
        reason: "drawdown 6.50 from today's peak (0.00 → -6.50) > limit 5.00",
      });
    });

    it('a check run again (a resumed execution) counts nothing twice: same peak, same verdict', async () => {
      const paper = book({ realisedToday: 40, unrealised: 0 });
      await check(order, trailing, paper);
      paper.move({ unrealised: -3 });
      const first = await check(order, { ...trailing, onBreach: 'block' }, paper);
      const again = await check(order, { ...trailing, onBreach: 'block' }, paper);
      expect(again.outputs).toEqual(first.outputs);
      expect(Object.keys(first.outputs)).toEqual(['ok']);
      expect(paper.peaks.get('wf_1')).toBe(40);
      expect(paper.recorded).toEqual([40, 37, 37]);
    });

    it('every check records the peak, so switching to "peak" live measures from the peak seen so far', async () => {
      const paper = book({ realisedToday: 50, unrealised: 0 });
      await check(order, { dailyLossLimit: 5 }, paper);
      paper.move({ unrealised: -10 });
      expect(Object.keys((await check(order, { dailyLossLimit: 5 }, paper)).outputs)).toEqual([
        'ok',
      ]);
      const { outputs } = await check(order, { ...trailing, onBreach: 'block' }, paper);
      expect(outputs.blocked).toMatchObject({
        reason: "drawdown 10.00 from today's peak (50.00 → 40.00) > limit 5.00",
      });
    });

    it('defaults to "zero" and takes only "zero" or "peak"', async () => {
      const { props } = await check(order, {}, book({}));
      expect(props.lossFrom).toBe('zero');
      expect(propIssues(riskLimit, { lossFrom: 'open' })[0]).toMatch(/^lossFrom:/);
    });
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

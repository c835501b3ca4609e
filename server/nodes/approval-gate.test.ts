import { describe, expect, it } from 'vitest';
import type { Resumption } from './define-node';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import approvalGate from './approval-gate';

const order = { symbol: 'ETH-USD', side: 'buy', size: 2 };
const resume = (resumed: Resumption) =>
  runNodeForTest(approvalGate, { inputs: { in: order }, resumed });

describe('approval-gate', () => {
  it('asks to wait for an approval, with its title, summary, input and time limit', async () => {
    const { outputs, waiting } = await runNodeForTest(approvalGate, {
      inputs: { in: order },
      props: { title: 'Place this order?', summary: 'Size above the usual', timeoutMs: 60_000 },
    });
    expect(outputs).toEqual({});
    expect(waiting).toEqual({
      kind: 'approval',
      details: { title: 'Place this order?', summary: 'Size above the usual', input: order },
      timeoutMs: 60_000,
    });
  });

  it('shows the order it holds (symbol, side, quantity, price, notional) and fills in the summary', async () => {
    const opportunity = {
      symbol: 'BTC-USD',
      quantity: 0.4,
      buyVenue: 'sim-a',
      buyPrice: 60_000,
      sellVenue: 'sim-b',
      sellPrice: 60_090,
      netProfit: 12.5,
    };
    const { waiting } = await runNodeForTest(approvalGate, {
      inputs: { in: opportunity },
      props: { summary: 'Buy {{input.quantity}} on {{input.buyVenue}}' },
    });
    expect(waiting?.kind === 'approval' && waiting.details).toMatchObject({
      summary: 'Buy 0.4 on sim-a',
      order: {
        symbol: 'BTC-USD',
        side: 'buy+sell',
        quantity: 0.4,
        price: 60_000,
        notional: 24_000,
        buyVenue: 'sim-a',
        sellVenue: 'sim-b',
        sellPrice: 60_090,
        netProfit: 12.5,
      },
    });
    const single = await runNodeForTest(approvalGate, {
      inputs: { in: { symbol: 'ETH-USD', side: 'sell', quantity: 3, bid: 2_000, ask: 2_001 } },
    });
    expect(single.waiting?.kind === 'approval' && single.waiting.details).toMatchObject({
      order: { side: 'sell', price: 2_000, notional: 6_000 },
    });
  });

  it('refuses a summary placeholder that does not start with input or trigger', () => {
    expect(propIssues(approvalGate, { summary: '{{order.size}}' })[0]).toMatch(/^summary: /);
  });

  it('waits 15 minutes by default', async () => {
    const { waiting } = await runNodeForTest(approvalGate, { inputs: { in: 1 } });
    expect(waiting).toMatchObject({
      kind: 'approval',
      timeoutMs: 900_000,
      details: { title: 'Approval required' },
    });
  });

  it('sends the input to "approved" once approved', async () => {
    expect((await resume({ kind: 'approval', decision: 'approved', by: 'ana' })).outputs).toEqual({
      approved: order,
    });
  });

  it('sends the input, decision, approver and comment to "rejected" once rejected', async () => {
    const { outputs } = await resume({
      kind: 'approval',
      decision: 'rejected',
      by: 'bo',
      comment: 'too big',
    });
    expect(outputs).toEqual({
      rejected: { input: order, decision: 'rejected', by: 'bo', comment: 'too big' },
    });
  });

  it('sends a timeout to "rejected"', async () => {
    const { outputs } = await resume({ kind: 'approval', decision: 'timed_out', by: 'system' });
    expect(outputs).toEqual({ rejected: { input: order, decision: 'timed_out', by: 'system' } });
  });

  it('fails when resumed by a timer', async () => {
    await expect(resume({ kind: 'timer' })).rejects.toThrow(
      'approval-gate: resumed by "timer", expected an approval decision',
    );
  });

  it('refuses time limits under a second or over 7 days, and an empty title', () => {
    expect(propIssues(approvalGate, { timeoutMs: 999 })).toEqual(['timeoutMs: must be ≥ 1000']);
    expect(propIssues(approvalGate, { timeoutMs: 604_800_001 })).toEqual([
      'timeoutMs: must be ≤ 604800000',
    ]);
    expect(propIssues(approvalGate, { title: '  ' })).toEqual([
      'title: must be at least 1 character long',
    ]);
    expect(propIssues(approvalGate, { summary: 'x'.repeat(2_001) })).toEqual([
      'summary: must be at most 2000 characters long',
    ]);
  });

  it('has no side effects of its own', () => {
    expect(approvalGate.sideEffects).toBe(false);
  });
});

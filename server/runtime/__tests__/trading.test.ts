import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { emergencyLog, paperOrders, paperPnlPeaks } from '../../db/schema';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

/** A test order intent (what a cost model sends): buy on a, sell on b. */
const intent = {
  symbol: 'BTC-USD',
  buyVenue: 'a',
  sellVenue: 'b',
  buyPrice: 100,
  sellPrice: 100.5,
  quantity: 1,
};

describe.each(databaseBackends)('trading nodes in the runtime on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
  });
  afterEach(async () => {
    if (t.runtime.emergency.level() !== 'NORMAL')
      await t.api.emergency.set({ level: 'NORMAL', reason: 'test cleanup' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  /** trigger → source(intent) → risk → buy + sell legs on the paper venue. */
  // An event trigger that nothing publishes to: the workflow can be active (live props) and run by hand.
  const riskyWorkflow = (risk: Record<string, unknown>) =>
    t.save({
      nodes: [
        node('trigger', 'event-trigger', { channel: 'never-published' }),
        node('intent', 'test-source', { value: intent }),
        node('risk', 'risk-limit', risk),
        node('buy', 'paper-order', { side: 'buy' }),
        node('sell', 'paper-order', { side: 'sell' }),
      ],
      edges: [
        edge('trigger', 'intent'),
        edge('intent', 'risk'),
        edge('risk', 'buy', 'ok'),
        edge('risk', 'sell', 'ok'),
      ],
    });

  const ordersOf = (workflowId: string) =>
    database.db.select().from(paperOrders).where(eq(paperOrders.workflowId, workflowId));

  it('a loss beyond the limit blocks the order and raises HALT with the rule in the audit log; lowering the limit live makes the next run breach', async () => {
    const wf = await riskyWorkflow({ dailyLossLimit: 1_000, onBreach: 'halt', maxOrderSize: 5 });
    // First run: within limits, both legs fill.
    const first = await t.runtime.run({ workflowId: wf.id });
    expect((await t.until(first.id, ['succeeded'])).execution.status).toBe('succeeded');
    expect(await ordersOf(wf.id)).toHaveLength(2);
    // The market moves against the book: long 1 on a from 100, short 1 on b from 100.5.
    await t.runtime.paper.mark(wf.id, { venue: 'a', symbol: 'BTC-USD', bid: 49.9, ask: 50.1 });
    const loss = -(await t.runtime.paper.exposure(wf.id)).unrealised;
    expect(loss).toBeCloseTo(50, 6);

    // Still within 1,000. Lower the limit live, as the inspector does while the workflow is active.
    await t.api.runtime.activate({ workflowId: wf.id });
    await t.api.runtime.patchProps({
      workflowId: wf.id,
      nodeId: 'risk',
      props: { dailyLossLimit: 40 },
    });
    const second = await t.runtime.run({ workflowId: wf.id });
    // The order is blocked (its legs skipped), and HALT is in force when the node returns: the
    // next order cannot start.
    const done = await t.until(second.id, ['succeeded', 'halted', 'failed']);
    expect(done.execution.status).toBe('succeeded');
    expect(done.nodeRuns.find((r) => r.nodeId === 'buy')?.status).toBe('skipped');
    expect(t.runtime.emergency.level()).toBe('HALT');
    await expect(t.runtime.run({ workflowId: wf.id })).rejects.toThrow(/emergency level is HALT/);
    expect(await ordersOf(wf.id)).toHaveLength(2);
    const [logged] = await database.db
      .select()
      .from(emergencyLog)
      .where(and(eq(emergencyLog.source, 'rule'), eq(emergencyLog.level, 'HALT')));
    expect(logged).toMatchObject({
      actor: 'automatic rule',
      rule: `risk-limit:${wf.id}/risk: daily loss 50.00 > limit 40.00`,
      reason: 'risk limit breached: daily loss 50.00 > limit 40.00',
    });
    expect(t.runtime.emergency.get()).toMatchObject({ source: 'rule', rule: logged!.rule });
    await t.api.runtime.deactivate({ workflowId: wf.id, overrides: 'discard' });
  });

  it('a trailing limit (lossFrom "peak") halts on profit given back: lowering it live breaches though the day has lost nothing from zero', async () => {
    const wf = await riskyWorkflow({
      dailyLossLimit: 1_000,
      lossFrom: 'peak',
      onBreach: 'halt',
      maxOrderSize: 5,
    });
    const runToEnd = async () => {
      const run = await t.runtime.run({ workflowId: wf.id });
      return t.until(run.id, ['succeeded', 'halted', 'failed']);
    };
    // Long 1 on a and short 1 on b; then a rises: 20 in profit when the next check runs.
    expect((await runToEnd()).execution.status).toBe('succeeded');
    await t.runtime.paper.mark(wf.id, { venue: 'a', symbol: 'BTC-USD', bid: 119.9, ask: 120.1 });
    expect((await runToEnd()).execution.status).toBe('succeeded');
    // That run bought on a again at 100, which marks a back at 100: the profit is given back.
    const exposure = await t.runtime.paper.exposure(wf.id);
    expect(exposure.realisedToday + exposure.unrealised).toBeCloseTo(0, 6);
    const [peak] = await database.db
      .select()
      .from(paperPnlPeaks)
      .where(eq(paperPnlPeaks.workflowId, wf.id));
    expect(peak?.peak).toBeCloseTo(20, 6);

    // Not a loss from zero, but 20 below today's peak: lowering the limit live to 5 halts.
    await t.api.runtime.activate({ workflowId: wf.id });
    await t.api.runtime.patchProps({
      workflowId: wf.id,
      nodeId: 'risk',
      props: { dailyLossLimit: 5 },
    });
    const done = await runToEnd();
    expect(done.nodeRuns.find((r) => r.nodeId === 'buy')?.status).toBe('skipped');
    expect(t.runtime.emergency.level()).toBe('HALT');
    const reason = "drawdown 20.00 from today's peak (20.00 → 0.00) > limit 5.00";
    expect(t.runtime.emergency.get()).toMatchObject({
      source: 'rule',
      reason: `risk limit breached: ${reason}`,
      rule: `risk-limit:${wf.id}/risk: ${reason}`,
    });
    expect(await ordersOf(wf.id)).toHaveLength(4);
    // The peak stayed where it was: one row per workflow, nothing counted twice.
    expect(
      await database.db.select().from(paperPnlPeaks).where(eq(paperPnlPeaks.workflowId, wf.id)),
    ).toMatchObject([{ peak: peak!.peak }]);
    await t.api.runtime.deactivate({ workflowId: wf.id, overrides: 'discard' });
  });

  it('a breach with onBreach "alert" raises ALERT and lets nothing through, the rest runs on', async () => {
    const wf = await riskyWorkflow({ maxOrderSize: 0.5, onBreach: 'alert' });
    const run = await t.runtime.run({ workflowId: wf.id });
    expect((await t.until(run.id, ['succeeded'])).execution.status).toBe('succeeded');
    expect(t.runtime.emergency.get()).toMatchObject({
      level: 'ALERT',
      source: 'rule',
      rule: `risk-limit:${wf.id}/risk: order size 1 > max 0.5`,
    });
    expect(await ordersOf(wf.id)).toHaveLength(0);
  });

  it('SHUTDOWN flattens every paper position and cancels open orders, recorded with reason "shutdown"', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('intent', 'test-source', { value: intent }),
        node('buy', 'paper-order', { side: 'buy' }),
        node('sell', 'paper-order', { side: 'sell', quantity: 0.4 }),
        node('rest', 'paper-order', {
          side: 'buy',
          type: 'limit',
          limitPrice: 90,
          venue: 'a',
          quantity: 1,
        }),
      ],
      edges: [
        edge('trigger', 'intent'),
        edge('intent', 'buy'),
        edge('intent', 'sell'),
        edge('intent', 'rest'),
      ],
    });
    const run = await t.runtime.run({ workflowId: wf.id });
    await t.until(run.id, ['succeeded']);
    const before = await t.api.portfolio.get({ workflowId: wf.id });
    expect(before.positions.map((p) => [p.venue, p.quantity])).toEqual([
      ['a', 1],
      ['b', -0.4],
    ]);
    expect(before.orders.find((o) => o.type === 'limit')?.status).toBe('open');

    await t.api.emergency.set({ level: 'SHUTDOWN', reason: 'pull the plug' });
    const after = await t.waitFor(async () => {
      const book = await t.api.portfolio.get({ workflowId: wf.id });
      return book.positions.every((p) => p.quantity === 0) ? book : undefined;
    });
    const closing = after.orders.filter((o) => o.reason === 'shutdown');
    expect(closing.map((o) => [o.venue, o.side, o.quantity, o.status]).sort()).toEqual([
      ['a', 'buy', 1, 'cancelled'],
      ['a', 'sell', 1, 'filled'],
      ['b', 'buy', 0.4, 'filled'],
    ]);
    expect(after.totals.unrealisedPnl).toBe(0);
  });

  it('a paper order that already ran in an execution is not placed again when the execution resumes', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('intent', 'test-source', { value: intent }),
        node('buy', 'paper-order', { side: 'buy' }),
      ],
      edges: [edge('trigger', 'intent'), edge('intent', 'buy')],
    });
    const run = await t.runtime.run({ workflowId: wf.id });
    await t.until(run.id, ['succeeded']);
    // The node itself, run again under the same execution id (a crash between the fill and its checkpoint).
    const again = await t.runtime.paper.place({
      executionId: run.id,
      nodeId: 'buy',
      workflowId: wf.id,
      venue: 'a',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: 1,
      bid: 100,
      ask: 100,
    });
    expect(again.duplicate).toBe(true);
    expect(await ordersOf(wf.id)).toHaveLength(1);
  });
});

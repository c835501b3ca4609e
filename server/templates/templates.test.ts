import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateWorkflow } from '@/lib/workflow';
import type { Database } from '../db/client';
import { paperOrders } from '../db/schema';
import { nodeCatalog } from '../nodes/registry';
import { databaseBackends } from '../testing/databases';
import { startTestServer } from '../testing/http-server';
import { startTestRuntime, type TestRuntime } from '../testing/runtime';
import { templates } from './index';

describe('templates', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s is a valid workflow', (_, t) => {
    const result = validateWorkflow(
      { ...t.workflow, id: 'wf_x', name: t.name, description: t.description },
      nodeCatalog,
    );
    expect(result.ok ? [] : result.message).toEqual([]);
  });

  it('have unique ids and say what they do', () => {
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    for (const t of templates) expect(t.description.length).toBeGreaterThan(40);
  });
});

describe.each(databaseBackends)('templates in a runtime on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('lists the templates and creates an inactive workflow from one', async () => {
    const list = await t.api.templates.list();
    expect(list.map((x) => x.id)).toEqual([
      'btc-arbitrage',
      'gpu-price-watcher',
      'webhook-transform-http',
    ]);
    expect(list[0]).toMatchObject({ name: 'Cross-venue BTC arbitrage (paper)', nodeCount: 12 });
    const { id } = await t.api.workflows.createFromTemplate({
      templateId: 'gpu-price-watcher',
      name: 'My GPUs',
    });
    const got = await t.api.workflows.get({ id });
    expect(got).toMatchObject({ isActive: false, workflow: { name: 'My GPUs', version: 1 } });
    await expect(t.api.workflows.createFromTemplate({ templateId: 'nope' })).rejects.toThrow(
      'Template "nope" does not exist',
    );
  });

  it('the arbitrage template fills paper orders at once and asks for approval of a large one within 30 ticks', async () => {
    const { id } = await t.api.workflows.createFromTemplate({ templateId: 'btc-arbitrage' });
    let firstFill = -1;
    let approval: Awaited<ReturnType<typeof t.api.runtime.approvals>>[number] | undefined;
    for (let tick = 1; tick <= 30 && !approval; tick++) {
      const run = await t.runtime.run({ workflowId: id, trigger: 'interval' });
      await t.until(run.id, ['succeeded', 'waiting', 'failed']);
      const orders = await database.db
        .select()
        .from(paperOrders)
        .where(eq(paperOrders.workflowId, id));
      if (firstFill < 0 && orders.some((o) => o.status === 'filled')) firstFill = tick;
      approval = (await t.api.runtime.approvals()).find((a) => a.workflowId === id);
    }
    expect(firstFill).toBeGreaterThan(0);
    expect(firstFill).toBeLessThanOrEqual(5);
    expect(approval).toBeDefined();
    const order = (approval!.details as { order: Record<string, unknown> }).order;
    expect(order).toMatchObject({ symbol: 'BTC-USD', side: 'buy+sell' });
    expect(order.quantity as number).toBeGreaterThan(0.25);
    expect(order.notional as number).toBeCloseTo(
      (order.quantity as number) * (order.price as number),
      1,
    );

    const before = (await t.api.portfolio.get({ workflowId: id })).orders.length;
    await t.api.runtime.approve({ approvalId: approval!.id });
    await t.until(approval!.executionId, ['succeeded']);
    const book = await t.api.portfolio.get({ workflowId: id });
    expect(book.orders.length).toBe(before + 2);
    expect(book.orders.slice(0, 2).map((o) => o.quantity)).toEqual([
      order.quantity,
      order.quantity,
    ]);
    expect(book.positions.length).toBe(2);
  });

  it('the GPU watcher runs and logs a cheap hour', async () => {
    const { id } = await t.api.workflows.createFromTemplate({ templateId: 'gpu-price-watcher' });
    const run = await t.runtime.run({ workflowId: id, trigger: 'interval' });
    const done = await t.until(run.id, ['succeeded', 'failed']);
    expect(done.execution.status).toBe('succeeded');
    const feed = done.nodeRuns.find((r) => r.nodeId === 'feed');
    expect(feed?.outputs).toMatchObject({ out: { symbol: 'H100-HOUR', venue: 'gpu-market' } });
  });

  it('the webhook template reshapes the body and forwards it over HTTP', async () => {
    const api = await startTestServer((_, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"accepted":true}');
    });
    try {
      const { id } = await t.api.workflows.createFromTemplate({
        templateId: 'webhook-transform-http',
      });
      const { workflow } = await t.api.workflows.get({ id });
      const nodes = workflow.nodes.map((n) =>
        n.id === 'forward' ? { ...n, props: { ...n.props, url: `${api.url}/orders` } } : n,
      );
      await t.api.workflows.save({ workflow: { ...workflow, nodes } });
      const run = await t.runtime.run({
        workflowId: id,
        trigger: 'webhook',
        input: {
          method: 'POST',
          body: { pair: 'btc-usd', side: 'buy', qty: '0.5' },
          query: {},
          headers: {},
        },
      });
      expect((await t.until(run.id, ['succeeded', 'failed'])).execution.status).toBe('succeeded');
      expect(JSON.parse(api.requests[0]!.body)).toMatchObject({
        symbol: 'BTC-USD',
        side: 'buy',
        quantity: 0.5,
      });
    } finally {
      await api.close();
    }
  });
});

/**
 * `GET /api/events?scope=approvals`: every workflow's approval requests and decisions on one
 * stream (the header's pending-approvals badge), on the real runtime and bus (Redis when
 * REDIS_URL is set).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { databaseBackends } from '../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../testing/runtime';
import { handleEvents } from './events';

type Frame = {
  type: string;
  data: { workflowId: string; approvalId: string; decision?: string; details?: unknown };
};

describe.each(databaseBackends)('/api/events?scope=approvals on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
    const deps = { bus: t.bus, snapshots: t.runtime.snapshots };
    server = createServer((req, res) => void handleEvents(req, res, deps));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    await database?.close();
  });

  const gated = () =>
    t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('order', 'test-source', {
          value: { symbol: 'BTC-USD', side: 'buy', quantity: 2, price: 100 },
        }),
        node('gate', 'approval-gate', { title: 'Big order' }),
      ],
      edges: [edge('trigger', 'order'), edge('order', 'gate')],
    });

  it('streams approval requests and decisions of every workflow', async () => {
    const frames: Frame[] = [];
    const es = new EventSource(`${base}?scope=approvals`);
    for (const type of ['approval_requested', 'approval_resolved'])
      es.addEventListener(type, (e) =>
        frames.push({ type, data: JSON.parse(e.data as string) as never }),
      );
    await new Promise((resolve) => es.addEventListener('open', resolve, { once: true }));
    try {
      const [a, b] = [await gated(), await gated()];
      const runA = await t.runtime.run({ workflowId: a.id });
      await t.runtime.run({ workflowId: b.id });
      await t.waitFor(() => frames.filter((f) => f.type === 'approval_requested').length === 2);
      expect(new Set(frames.map((f) => f.data.workflowId))).toEqual(new Set([a.id, b.id]));
      expect(frames[0]!.data.details).toMatchObject({
        title: 'Big order',
        order: { symbol: 'BTC-USD', side: 'buy', quantity: 2, price: 100, notional: 200 },
      });
      const approvalId = frames.find((f) => f.data.workflowId === a.id)!.data.approvalId;
      await t.api.runtime.approve({ approvalId });
      await t.until(runA.id, ['succeeded']);
      await t.waitFor(() => frames.some((f) => f.type === 'approval_resolved'));
      expect(frames.find((f) => f.type === 'approval_resolved')!.data).toMatchObject({
        workflowId: a.id,
        approvalId,
        decision: 'approved',
      });
    } finally {
      es.close();
    }
  });

  it('refuses scope mixed with an execution or workflow id', async () => {
    const res = await fetch(`${base}?scope=approvals&workflowId=wf_1`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/scope=approvals alone/);
    expect((await fetch(`${base}?scope=everything`)).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { effectLog } from '../../testing/test-nodes';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

const executionsOf = async (t: TestRuntime, workflowId: string) =>
  (await t.runtime.snapshots({ workflowId })).length;

describe.each(databaseBackends)('triggers on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  let served: Awaited<ReturnType<TestRuntime['serve']>>;
  let base: string;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
    served = await t.serve();
    base = served.base;
  });
  afterAll(async () => {
    await served?.close();
    await t?.close();
    await database?.close();
  });

  /** Posts JSON to a webhook that answers at once: its 202 answer (the execution id). */
  async function accepted(path: string, body: unknown) {
    const res = await fetch(`${base}/api/hooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { executionId: string; status?: string };
  }

  it('an interval trigger fires while active and stops when deactivated', async () => {
    const wf = await t.save({
      nodes: [node('tick', 'interval-trigger', { intervalMs: 40 }), node('count', 'test-count')],
      edges: [edge('tick', 'count')],
    });
    const feed = await t.collect(wf.id);
    await t.api.runtime.activate({ workflowId: wf.id });
    expect((await t.api.workflows.get({ id: wf.id })).isActive).toBe(true);
    await t.waitFor(() => feed.events.filter((e) => e.type === 'execution_completed').length >= 3);
    await t.api.runtime.deactivate({ workflowId: wf.id });
    // Events of a tick fired just before the disarm may still be on their way (Redis): let them land.
    await t.waitFor(async () => (await executionsOf(t, wf.id)) === 0);
    await new Promise((r) => setTimeout(r, 100));
    const after = feed.events.filter((e) => e.type === 'execution_started').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(feed.events.filter((e) => e.type === 'execution_started').length).toBe(after);
    expect((await t.api.workflows.get({ id: wf.id })).isActive).toBe(false);
    feed.stop();
  });

  it('skips a tick while the previous run is still going (concurrency: skip)', async () => {
    const wf = await t.save({
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 20 }),
        node('slow', 'test-slow', { ms: 150 }),
      ],
      edges: [edge('tick', 'slow')],
      settings: { concurrency: 'skip' },
    });
    const feed = await t.collect(wf.id);
    await t.api.runtime.activate({ workflowId: wf.id });
    await new Promise((r) => setTimeout(r, 400));
    await t.api.runtime.deactivate({ workflowId: wf.id });
    const starts = feed.events.filter((e) => e.type === 'execution_started').length;
    // 400 ms of 20 ms ticks would be ~20 runs in parallel; one at a time, each 150 ms: at most 3.
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(starts).toBeLessThanOrEqual(3);
    await t.waitFor(async () => (await executionsOf(t, wf.id)) === 0);
    feed.stop();
  });

  it('queues ticks while a run is going and runs them one after another (concurrency: queue)', async () => {
    const wf = await t.save({
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 20 }),
        node('slow', 'test-slow', { ms: 60 }),
      ],
      edges: [edge('tick', 'slow')],
      settings: { concurrency: 'queue' },
    });
    const feed = await t.collect(wf.id);
    await t.api.runtime.activate({ workflowId: wf.id });
    await new Promise((r) => setTimeout(r, 500));
    await t.api.runtime.deactivate({ workflowId: wf.id });
    await t.waitFor(async () => (await executionsOf(t, wf.id)) === 0, 15_000);
    const order = feed.events.filter(
      (e) => e.type === 'execution_started' || e.type === 'execution_completed',
    );
    // Never two at once: every start follows the previous completion.
    for (let i = 1; i < order.length; i++) expect(order[i]!.type).not.toBe(order[i - 1]!.type);
    expect(order.filter((e) => e.type === 'execution_started').length).toBeGreaterThanOrEqual(2);
    feed.stop();
  });

  it('starts another run while the previous one is still going, and both finish (concurrency: parallel)', async () => {
    // Each run holds at an approval gate until the test lets it go: no race against a timer.
    const path = `parallel-${Date.now()}`;
    const log = `parallel-${Date.now()}`;
    const wf = await t.save({
      nodes: [
        node('hook', 'webhook-trigger', { path, respond: 'immediately' }),
        node('gate', 'test-approval'),
        node('order', 'test-effect', { log }),
      ],
      edges: [edge('hook', 'gate'), edge('gate', 'order', 'approved')],
      settings: { concurrency: 'parallel' },
    });
    await t.api.runtime.activate({ workflowId: wf.id });
    try {
      const post = async (size: number) => (await accepted(path, { size })).executionId;
      const first = await post(1);
      await t.until(first, ['waiting']);
      const second = await post(2);
      // Both in progress at once: the second neither skipped nor queued behind the first.
      await t.until(second, ['waiting']);
      expect((await t.api.executions.get({ id: first })).execution.status).toBe('waiting');
      expect((await t.runtime.snapshots({ workflowId: wf.id })).length).toBe(2);

      const approve = async (executionId: string) => {
        const approval = await t.waitFor(
          async () => (await t.runtime.approvals.find(executionId, 'gate')) ?? undefined,
        );
        await t.api.runtime.approve({ approvalId: approval.id });
        await t.until(executionId, ['succeeded']);
      };
      const bodies = () => effectLog.get(log)?.map((input) => (input as { body: unknown }).body);
      // The second finishes while the first still waits: neither waits its turn behind the other.
      await approve(second);
      expect(bodies()).toEqual([{ size: 2 }]);
      expect((await t.api.executions.get({ id: first })).execution.status).toBe('waiting');
      await approve(first);
      expect(bodies()).toEqual([{ size: 2 }, { size: 1 }]);
    } finally {
      await t.api.runtime.deactivate({ workflowId: wf.id });
    }
  });

  it('a cron trigger fires on its schedule', async () => {
    const wf = await t.save({
      nodes: [node('cron', 'cron-trigger', { expression: '* * * * * *' }), node('out', 'log')],
      edges: [edge('cron', 'out')],
    });
    const feed = await t.collect(wf.id);
    await t.api.runtime.activate({ workflowId: wf.id });
    await t.waitFor(() => feed.events.some((e) => e.type === 'execution_completed'), 3_000);
    await t.api.runtime.deactivate({ workflowId: wf.id });
    const started = feed.events.find((e) => e.type === 'execution_started');
    expect(started).toMatchObject({ trigger: 'cron' });
    feed.stop();
  });

  it('an active workflow fires each version saved from then on, and keeps the last one it could arm', async () => {
    const path = `quote/saved-${Date.now()}`;
    const reply = (factor: number) =>
      node('reply', 'transform', { expression: `{ "got": input.body.size * ${factor} }` });
    const wf = await t.save({
      nodes: [node('hook', 'webhook-trigger', { path }), reply(2)],
      edges: [edge('hook', 'reply')],
    });
    await t.api.runtime.activate({ workflowId: wf.id });
    const ask = async () => {
      const res = await fetch(`${base}/api/hooks/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ size: 5 }),
      });
      expect(res.status).toBe(200);
      return res.json();
    };
    try {
      expect(await ask()).toEqual({ got: 10 });
      // Edited and saved while active: the next request runs the new version.
      const v2 = await t.api.workflows.save({
        workflow: { ...wf, nodes: [wf.nodes[0]!, reply(3)] },
      });
      expect(v2.activeKept).toBeNull();
      expect(await ask()).toEqual({ got: 15 });

      // A version that cannot be armed (its path is another active workflow's) is saved, and
      // the one armed before keeps answering; the save says why.
      const other = await t.save({
        nodes: [node('hook', 'webhook-trigger', { path: `${path}-other` }), reply(1)],
        edges: [edge('hook', 'reply')],
      });
      await t.api.runtime.activate({ workflowId: other.id });
      const v3 = await t.api.workflows.save({
        workflow: {
          ...v2.workflow,
          nodes: [node('hook', 'webhook-trigger', { path: `${path}-other` }), reply(4)],
        },
      });
      expect(v3.workflow.version).toBe(v2.workflow.version + 1);
      expect(v3.activeKept).toEqual({
        keptVersion: v2.workflow.version,
        reason: expect.stringContaining(`is already used by the active workflow`),
      });
      expect(await ask()).toEqual({ got: 15 });
      await t.api.runtime.deactivate({ workflowId: other.id });
    } finally {
      await t.api.runtime.deactivate({ workflowId: wf.id });
    }
  });

  it('a webhook answers with the workflow output, or 202 when it responds immediately', async () => {
    const path = `orders/new-${Date.now()}`;
    const wf = await t.save({
      nodes: [
        node('hook', 'webhook-trigger', { path }),
        node('reply', 'transform', {
          expression: '{ "got": input.body.size * 2, "side": input.query.side }',
        }),
      ],
      edges: [edge('hook', 'reply')],
    });
    const notYet = await fetch(`${base}/api/hooks/${path}`, { method: 'POST' });
    expect(notYet.status).toBe(404);
    expect(await notYet.json()).toEqual({
      error: `no active workflow listens for POST /api/hooks/${path}`,
    });

    await t.api.runtime.activate({ workflowId: wf.id });
    const res = await fetch(`${base}/api/hooks/${path}?side=buy%20now`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: 21 }),
    });
    expect(res.status).toBe(200);
    // The query string reaches the workflow decoded, as `input.query`.
    expect(await res.json()).toEqual({ got: 42, side: 'buy now' });

    const bad = await fetch(`${base}/api/hooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(bad.status).toBe(400);

    // A body in many chunks is read whole; one over 1 MB is refused, and the answer arrives.
    const padded = JSON.stringify({ size: 4, pad: 'x'.repeat(600_000) });
    const chunked = await fetch(`${base}/api/hooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: padded,
    });
    expect(await chunked.json()).toEqual({ got: 8 });
    const huge = await fetch(`${base}/api/hooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'the body is larger than 1024 KB' });

    const asyncPath = `${path}-async`;
    const wf2 = await t.save({
      nodes: [node('hook', 'webhook-trigger', { path: asyncPath, respond: 'immediately' })],
      edges: [],
    });
    await t.api.runtime.activate({ workflowId: wf2.id });
    const accepted = await fetch(`${base}/api/hooks/${asyncPath}`, { method: 'POST' });
    expect(accepted.status).toBe(202);
    const { executionId } = (await accepted.json()) as { executionId: string };
    expect((await t.until(executionId, ['succeeded'])).execution.triggerKind).toBe('webhook');
    await t.api.runtime.deactivate({ workflowId: wf.id });
    await t.api.runtime.deactivate({ workflowId: wf2.id });
  });

  it('a webhook path with malformed percent-encoding is a 400 naming the path; a bad query escape is kept as sent', async () => {
    const res = await fetch(`${base}/api/hooks/orders%E0%A4%A`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error:
        'the path /api/hooks/orders%E0%A4%A is not valid percent-encoding (each %XX escape must spell UTF-8)',
    });

    // The query string is decoded leniently (URLSearchParams): a bad escape reaches the workflow.
    const path = `echo-${Date.now()}`;
    const wf = await t.save({
      nodes: [
        node('hook', 'webhook-trigger', { path }),
        node('reply', 'transform', { expression: '{ "side": input.query.side }' }),
      ],
      edges: [edge('hook', 'reply')],
    });
    await t.api.runtime.activate({ workflowId: wf.id });
    const query = await fetch(`${base}/api/hooks/${path}?side=%zz`, { method: 'POST' });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ side: '%zz' });
    await t.api.runtime.deactivate({ workflowId: wf.id });
  });

  it('a queued webhook that answers at once gets its execution id; the execution is listed as queued, runs in its turn or is cancelled before it', async () => {
    const path = `queued-now-${Date.now()}`;
    const log = `queued-now-${Date.now()}`;
    const wf = await t.save({
      nodes: [
        node('hook', 'webhook-trigger', { path, respond: 'immediately' }),
        node('wait', 'delay', { ms: 300 }),
        node('order', 'test-effect', { log }),
      ],
      edges: [edge('hook', 'wait'), edge('wait', 'order')],
      settings: { concurrency: 'queue' },
    });
    await t.api.runtime.activate({ workflowId: wf.id });
    try {
      const post = (size: number) => accepted(path, { size });
      const first = await post(1);
      const second = await post(2);
      const third = await post(3);
      expect(second.status).toBe('queued');
      expect((await t.api.executions.get({ id: second.executionId })).execution.status).toBe(
        'queued',
      );
      await expect(t.api.runtime.cancel({ executionId: third.executionId })).resolves.toMatchObject(
        { status: 'cancelled' },
      );
      for (const id of [first.executionId, second.executionId])
        await t.until(id, ['succeeded'], 10_000);
      const cancelled = await t.until(third.executionId, ['cancelled']);
      expect(cancelled.execution.error?.message).toMatch(/cancelled by .* before its turn/);
      expect(cancelled.nodeRuns).toEqual([]);
      // Only the two that had their turn ran, one after the other.
      const bodies = effectLog.get(log)?.map((input) => (input as { body: unknown }).body);
      expect(bodies).toEqual([{ size: 1 }, { size: 2 }]);
      const [a, b] = await Promise.all(
        [first, second].map(
          async (x) => (await t.api.executions.get({ id: x.executionId })).execution,
        ),
      );
      expect(b!.startedAt.getTime()).toBeGreaterThanOrEqual(a!.finishedAt!.getTime());
    } finally {
      await t.api.runtime.deactivate({ workflowId: wf.id });
    }
  });

  it('webhooks follow the concurrency setting: queued requests wait their turn and get their answer, skipped ones a 429', async () => {
    const post = (path: string, size: number) =>
      fetch(`${base}/api/hooks/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ size }),
      });
    const graph = (path: string) => ({
      nodes: [
        node('hook', 'webhook-trigger', { path }),
        node('wait', 'delay', { ms: 150 }),
        node('reply', 'transform', { expression: '{ "got": input.body.size }' }),
      ],
      edges: [edge('hook', 'wait'), edge('wait', 'reply')],
    });
    const queuePath = `queue-${Date.now()}`;
    const queue = await t.save({ ...graph(queuePath), settings: { concurrency: 'queue' } });
    await t.api.runtime.activate({ workflowId: queue.id });
    const answers = await Promise.all([1, 2, 3].map((n) => post(queuePath, n)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await Promise.all(answers.map((r) => r.json()))).toEqual([
      { got: 1 },
      { got: 2 },
      { got: 3 },
    ]);

    // A queued request whose workflow is deactivated before its turn is told so.
    const first = post(queuePath, 4);
    await new Promise((r) => setTimeout(r, 30));
    const second = post(queuePath, 5);
    await new Promise((r) => setTimeout(r, 30));
    await t.api.runtime.deactivate({ workflowId: queue.id });
    expect((await first).status).toBe(200);
    const dropped = await second;
    expect(dropped.status).toBe(503);
    const body = (await dropped.json()) as { executionId: string; error: string };
    expect(body.error).toMatch(
      /^the execution was cancelled before its turn \(concurrency: queue\)/,
    );
    // It is in the history, cancelled, with the reason.
    const { execution } = await t.api.executions.get({ id: body.executionId });
    expect(execution).toMatchObject({
      status: 'cancelled',
      error: { code: 'CANCELLED', message: 'cancelled: the workflow was deactivated' },
    });

    const skipPath = `skip-${Date.now()}`;
    const skip = await t.save({ ...graph(skipPath), settings: { concurrency: 'skip' } });
    await t.api.runtime.activate({ workflowId: skip.id });
    const running = post(skipPath, 6);
    await new Promise((r) => setTimeout(r, 30));
    const refused = await post(skipPath, 7);
    expect(refused.status).toBe(429);
    expect((await running).status).toBe(200);
    await t.api.runtime.deactivate({ workflowId: skip.id });
  });

  it('a webhook waiting for the output answers 202 with the execution id once the workflow stops to wait', async () => {
    const path = `approve-${Date.now()}`;
    const wf = await t.save({
      nodes: [
        node('hook', 'webhook-trigger', { path }),
        node('gate', 'approval-gate', {}),
        node('reply', 'transform', { expression: '{ "ok": true }' }),
      ],
      edges: [edge('hook', 'gate'), edge('gate', 'reply', 'approved')],
    });
    await t.api.runtime.activate({ workflowId: wf.id });
    const res = await fetch(`${base}/api/hooks/${path}`, { method: 'POST' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { executionId: string; status: string };
    expect(body.status).toBe('waiting');
    const { execution } = await t.until(body.executionId, ['waiting']);
    expect(execution.triggerKind).toBe('webhook');
    await t.api.runtime.cancel({ executionId: body.executionId });
    await t.api.runtime.deactivate({ workflowId: wf.id });
  });

  it('refuses a second active workflow on the same webhook path, naming the first', async () => {
    const path = `shared-${Date.now()}`;
    const a = await t.save({
      name: 'First hook',
      nodes: [node('hook', 'webhook-trigger', { path })],
      edges: [],
    });
    const b = await t.save({ nodes: [node('hook', 'webhook-trigger', { path })], edges: [] });
    await t.api.runtime.activate({ workflowId: a.id });
    await expect(t.api.runtime.activate({ workflowId: b.id })).rejects.toThrow(
      `already used by the active workflow "First hook"`,
    );
    await t.api.runtime.deactivate({ workflowId: a.id });
  });

  it('one workflow feeds another through a channel (publish → event trigger)', async () => {
    const channel = `prices-${Date.now()}`;
    const consumer = await t.save({
      nodes: [node('on', 'event-trigger', { channel }), node('out', 'log')],
      edges: [edge('on', 'out')],
    });
    const producer = await t.save({
      nodes: [
        node('go', 'manual-trigger'),
        node('price', 'test-source', { value: { btc: 97_000 } }),
        node('pub', 'publish', { channel }),
      ],
      edges: [edge('go', 'price'), edge('price', 'pub')],
    });
    const feed = await t.collect(consumer.id);
    await t.api.runtime.activate({ workflowId: consumer.id });
    await t.api.runtime.run({ workflowId: producer.id });
    await t.waitFor(() => feed.events.some((e) => e.type === 'execution_completed'));
    const started = feed.events.find((e) => e.type === 'execution_started');
    expect(started).toMatchObject({ trigger: 'event' });
    const { nodeRuns } = await t.until(started!.executionId, ['succeeded']);
    expect(nodeRuns.find((r) => r.nodeId === 'out')?.outputs).toMatchObject({
      out: { channel, payload: { btc: 97_000 } },
    });
    await t.api.runtime.deactivate({ workflowId: consumer.id });
    feed.stop();
  });

  it('refuses to activate a workflow without a trigger to arm', async () => {
    const wf = await t.save({ nodes: [node('go', 'manual-trigger')], edges: [] });
    await expect(t.api.runtime.activate({ workflowId: wf.id })).rejects.toThrow(
      /no interval, cron, webhook or event trigger/,
    );
  });

  it('cancels a running execution: in-flight nodes are aborted and it ends cancelled', async () => {
    const wf = await t.save({
      nodes: [node('go', 'manual-trigger'), node('slow', 'test-slow', { ms: 10_000 })],
      edges: [edge('go', 'slow')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.waitFor(
      () => t.runtime.executor.get(executionId)?.snapshot().nodes.slow?.status === 'running',
    );
    await t.api.runtime.cancel({ executionId });
    const { execution, nodeRuns } = await t.until(executionId, ['cancelled'], 3_000);
    expect(execution.error).toMatchObject({ code: 'CANCELLED', message: 'cancelled by tester' });
    expect(nodeRuns.find((r) => r.nodeId === 'slow')?.status).toBe('cancelled');
  });

  it('serves Prometheus metrics: executions by status, node durations by type, checkpoint batches, emergency level', async () => {
    const wf = await t.save({
      nodes: [node('go', 'manual-trigger'), node('out', 'log')],
      edges: [edge('go', 'out')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['succeeded']);
    const res = await fetch(`${base}/api/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/flowdeck_executions_total\{status="succeeded"\} [1-9]/);
    expect(text).toMatch(
      /flowdeck_node_duration_seconds_count\{type="log",status="succeeded"\} [1-9]/,
    );
    expect(text).toContain('flowdeck_executions_running');
    expect(text).toContain('flowdeck_event_subscribers');
    // The execution's records went to the database in one or more checkpoint batches.
    expect(text).toMatch(/^flowdeck_checkpoint_batch_executions_count [1-9]/m);
    expect(text).toMatch(/^flowdeck_checkpoint_write_seconds_sum \d/m);
    expect(text).toMatch(/^flowdeck_emergency_level 0$/m);

    // Open event streams, of every kind (here one of approvals), counted while open.
    const streams = async () =>
      Number(
        /^flowdeck_sse_streams (\d+)$/m.exec(
          await (await fetch(`${base}/api/metrics`)).text(),
        )?.[1],
      );
    const before = await streams();
    const stop = new AbortController();
    const stream = await fetch(`${base}/api/events?scope=approvals`, { signal: stop.signal });
    expect(stream.status).toBe(200);
    expect(await streams()).toBe(before + 1);
    stop.abort();
    await t.waitFor(async () => (await streams()) === before);

    // The emergency level, as it stands at the scrape.
    await t.api.emergency.set({ level: 'ALERT', reason: 'metrics test' });
    try {
      const alert = await (await fetch(`${base}/api/metrics`)).text();
      expect(alert).toMatch(/^flowdeck_emergency_level 1$/m);
      expect(alert).toMatch(/^flowdeck_emergency_state\{level="ALERT"\} 1$/m);
      expect(alert).toMatch(/^flowdeck_emergency_state\{level="NORMAL"\} 0$/m);
    } finally {
      await t.api.emergency.set({ level: 'NORMAL', reason: 'metrics test done' });
    }
  });
});

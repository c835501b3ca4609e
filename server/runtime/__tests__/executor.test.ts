import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { effectLog } from '../../testing/test-nodes';

const typesOf = (events: { type: string; nodeId?: string }[]) =>
  events.map((e) => (e.nodeId ? `${e.type}:${e.nodeId}` : e.type));

describe.each(databaseBackends)('executor on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database, { breakers: { failureThreshold: 2, cooldownMs: 1_000 } });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('runs a chain in order, emits each state change and records every node', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('value', 'test-source', { value: 42 }),
        node('out', 'log'),
      ],
      edges: [edge('trigger', 'value'), edge('value', 'out')],
    });
    const feed = await t.collect(wf.id);
    const { executionId } = await t.api.runtime.run({
      workflowId: wf.id,
      input: { hello: 'world' },
    });
    const { execution, nodeRuns } = await t.until(executionId, ['succeeded', 'failed']);
    await t.waitFor(() => feed.events.some((e) => e.type === 'execution_completed'));
    feed.stop();

    expect(execution.status).toBe('succeeded');
    expect(execution.output).toBe(42);
    expect(execution.nodesSucceeded).toBe(3);
    expect(typesOf(feed.events)).toEqual([
      'execution_started',
      'node_started:trigger',
      'node_completed:trigger',
      'node_started:value',
      'node_completed:value',
      'node_started:out',
      'node_completed:out',
      'execution_completed',
    ]);
    expect(feed.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(nodeRuns.map((r) => [r.nodeId, r.status, r.attempt])).toEqual([
      ['trigger', 'succeeded', 1],
      ['value', 'succeeded', 1],
      ['out', 'succeeded', 1],
    ]);
    expect(nodeRuns[0]!.outputs).toEqual({ out: { hello: 'world' } });
    expect(nodeRuns[2]!.inputs).toEqual({ in: 42 });
  });

  it('skips the branch whose port produced nothing, and what follows it', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('fork', 'test-branch', { port: 'b' }),
        node('onA', 'test-source'),
        node('afterA', 'log'),
        node('onB', 'log'),
      ],
      edges: [
        edge('trigger', 'fork'),
        edge('fork', 'onA', 'a'),
        edge('onA', 'afterA'),
        edge('fork', 'onB', 'b'),
      ],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { nodeRuns } = await t.until(executionId, ['succeeded']);
    const status = Object.fromEntries(nodeRuns.map((r) => [r.nodeId, r.status]));
    expect(status).toEqual({
      trigger: 'succeeded',
      fork: 'succeeded',
      onA: 'skipped',
      afterA: 'skipped',
      onB: 'succeeded',
    });
  });

  it('joins: "all" waits for both inputs, "first" goes with the first, skipped inputs skip "all"', async () => {
    const make = (mode: string, slowB: boolean, skipB = false) =>
      t.save({
        nodes: [
          node('trigger', 'manual-trigger'),
          node('a', 'test-source', { value: 'A' }),
          node('fork', 'test-branch', { port: skipB ? 'b' : 'a' }),
          node('b', 'test-slow', { ms: slowB ? 150 : 1 }),
          node('join', 'test-join', { mode }),
        ],
        edges: [
          edge('trigger', 'a'),
          edge('trigger', 'fork'),
          edge('fork', 'b', 'a'),
          edge('a', 'join', 'out', 'a'),
          edge('b', 'join', 'out', 'b'),
        ],
      });
    const runOf = async (wfId: string) => {
      const { executionId } = await t.api.runtime.run({ workflowId: wfId });
      const { nodeRuns } = await t.until(executionId, ['succeeded', 'failed']);
      return nodeRuns.find((r) => r.nodeId === 'join')!;
    };
    expect((await runOf((await make('all', true)).id)).outputs).toEqual({ out: { a: 'A', b: {} } });
    expect((await runOf((await make('first', true)).id)).outputs).toEqual({ out: { a: 'A' } });
    expect((await runOf((await make('all', false, true)).id)).status).toBe('skipped');
    expect((await runOf((await make('all-settled', false, true)).id)).outputs).toEqual({
      out: { a: 'A' },
    });
  });

  it('retries with backoff and records each attempt', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node(
          'flaky',
          'test-flaky',
          { failures: 2 },
          { retry: { maxAttempts: 3, backoffMs: 10, factor: 2, maxBackoffMs: 100 } },
        ),
      ],
      edges: [edge('trigger', 'flaky')],
    });
    const feed = await t.collect(wf.id);
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { execution, nodeRuns } = await t.until(executionId, ['succeeded', 'failed']);
    await t.waitFor(() => feed.events.some((e) => e.type === 'execution_completed'));
    feed.stop();
    expect(execution.status).toBe('succeeded');
    expect(
      nodeRuns
        .filter((r) => r.nodeId === 'flaky')
        .map((r) => [r.attempt, r.status, r.error?.code ?? null]),
    ).toEqual([
      [1, 'failed', 'FLAKY'],
      [2, 'failed', 'FLAKY'],
      [3, 'succeeded', null],
    ]);
    const retrying = feed.events.filter((e) => e.type === 'node_retrying');
    expect(retrying).toHaveLength(2);
    for (const e of retrying)
      if (e.type === 'node_retrying') expect(e.delayMs).toBeGreaterThanOrEqual(5);
  });

  it('a node without its own retry or time limit takes the workflow defaults (settings.retry, settings.nodeTimeoutMs)', async () => {
    const wf = await t.save({
      settings: {
        retry: { maxAttempts: 3, backoffMs: 5, factor: 2, maxBackoffMs: 50 },
        nodeTimeoutMs: 60,
      },
      nodes: [
        node('trigger', 'manual-trigger'),
        node('flaky', 'test-flaky', { failures: 2 }),
        node(
          'slow',
          'test-slow',
          { ms: 5_000 },
          { retry: { maxAttempts: 1, backoffMs: 0, factor: 1, maxBackoffMs: 0 } },
        ),
      ],
      edges: [edge('trigger', 'flaky'), edge('trigger', 'slow')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { nodeRuns } = await t.until(executionId, ['failed']);
    expect(nodeRuns.filter((r) => r.nodeId === 'flaky').map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(nodeRuns.find((r) => r.nodeId === 'slow')!.error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('fails the execution when retries run out, naming the node; a user error is not retried', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node(
          'flaky',
          'test-flaky',
          { failures: 5 },
          { retry: { maxAttempts: 2, backoffMs: 1, factor: 1, maxBackoffMs: 1 } },
        ),
        node(
          'fatal',
          'test-flaky',
          { failures: 5, fatal: true },
          { retry: { maxAttempts: 5, backoffMs: 1, factor: 1, maxBackoffMs: 1 } },
        ),
      ],
      edges: [edge('trigger', 'flaky'), edge('trigger', 'fatal')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { execution, nodeRuns } = await t.until(executionId, ['failed']);
    expect(execution.error?.nodeId).toMatch(/flaky|fatal/);
    expect(nodeRuns.filter((r) => r.nodeId === 'flaky')).toHaveLength(2);
    expect(nodeRuns.filter((r) => r.nodeId === 'fatal')).toHaveLength(1);
    expect(nodeRuns.find((r) => r.nodeId === 'fatal')!.error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'fatal failure 1',
    });
  });

  it('times out a node through its signal, and abandons one that ignores it', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('polite', 'test-slow', { ms: 5_000 }, { timeoutMs: 50 }),
        node('deaf', 'test-slow', { ms: 5_000, ignoreSignal: true }, { timeoutMs: 80 }),
      ],
      edges: [edge('trigger', 'polite'), edge('trigger', 'deaf')],
    });
    const started = Date.now();
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { nodeRuns } = await t.until(executionId, ['failed']);
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const id of ['polite', 'deaf']) {
      expect(nodeRuns.find((r) => r.nodeId === id)!.error).toMatchObject({ code: 'TIMEOUT' });
    }
  });

  it('fails an execution that runs past its time limit (settings.timeoutMs), waits included', async () => {
    const wf = await t.save({
      settings: { timeoutMs: 150 },
      nodes: [
        node('trigger', 'manual-trigger'),
        node('slow', 'test-slow', { ms: 5_000 }),
        node('gate', 'test-approval', { timeoutMs: 60_000 }),
      ],
      edges: [edge('trigger', 'slow'), edge('trigger', 'gate')],
    });
    const started = Date.now();
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { execution } = await t.until(executionId, ['failed']);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(execution.error).toEqual({
      code: 'EXECUTION_TIMEOUT',
      message: 'the execution ran past its time limit of 150 ms (settings.timeoutMs)',
    });
  });

  it('opens the circuit after consecutive failures, fails fast, then half-opens after the cool-down', async () => {
    const target = `venue-${Math.random()}`;
    const failing = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('order', 'test-effect', { target, fail: true, log: target }),
      ],
      edges: [edge('trigger', 'order')],
    });
    const errorOf = async (wfId: string) => {
      const { executionId } = await t.api.runtime.run({ workflowId: wfId });
      const { nodeRuns } = await t.until(executionId, ['failed', 'succeeded']);
      return nodeRuns.find((r) => r.nodeId === 'order')!.error;
    };
    expect(await errorOf(failing.id)).toMatchObject({ code: 'TARGET_DOWN' });
    expect(await errorOf(failing.id)).toMatchObject({ code: 'TARGET_DOWN' });
    const open = await errorOf(failing.id);
    expect(open).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(open!.message).toContain(`circuit open for ${target} after 2 consecutive failures`);

    // A cool-down long enough that a loaded machine cannot half-open the breaker early (above).
    await new Promise((r) => setTimeout(r, 1_100));
    const healthy = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('order', 'test-effect', { target, log: target }),
      ],
      edges: [edge('trigger', 'order')],
    });
    expect(await errorOf(healthy.id)).toBeNull();
    expect(effectLog.get(target)).toHaveLength(1);
  });

  it('records every earlier result before a side effect starts', async () => {
    const log = `durable-${Math.random()}`;
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('value', 'test-source', { value: 7 }),
        node('order', 'test-effect', { log, ms: 300 }),
      ],
      edges: [edge('trigger', 'value'), edge('value', 'order')],
    });
    const feed = await t.collect(wf.id);
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.waitFor(() =>
      feed.events.some((e) => e.type === 'node_started' && e.nodeId === 'order'),
    );
    // The side effect has started: the trigger and value results must already be in the database.
    const { nodeRuns } = await t.api.executions.get({ id: executionId });
    expect(nodeRuns.filter((r) => r.status === 'succeeded').map((r) => r.nodeId)).toEqual([
      'trigger',
      'value',
    ]);
    expect(nodeRuns.find((r) => r.nodeId === 'order')?.status).toBe('running');
    await t.until(executionId, ['succeeded']);
    feed.stop();
  });

  it('waits for an approval; approve continues on the approved port, and a second decision is refused', async () => {
    const log = `approved-${Math.random()}`;
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('gate', 'test-approval'),
        node('order', 'test-effect', { log }),
        node('no', 'log'),
      ],
      edges: [
        edge('trigger', 'gate'),
        edge('gate', 'order', 'approved'),
        edge('gate', 'no', 'rejected'),
      ],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id, input: { size: 5 } });
    await t.until(executionId, ['waiting']);
    const [approval] = (await t.api.runtime.approvals()).filter(
      (a) => a.executionId === executionId,
    );
    expect(approval).toMatchObject({
      nodeId: 'gate',
      status: 'pending',
      details: { order: { size: 5 } },
    });
    await t.api.runtime.approve({ approvalId: approval!.id, comment: 'ok' });
    const { nodeRuns } = await t.until(executionId, ['succeeded']);
    expect(effectLog.get(log)).toEqual([{ size: 5 }]);
    expect(nodeRuns.find((r) => r.nodeId === 'no')?.status).toBe('skipped');
    await expect(t.api.runtime.reject({ approvalId: approval!.id })).rejects.toThrow(
      /already approved by tester/,
    );
    // The decision stays on record, newest first, with who made it and why.
    const [latest] = await t.api.runtime.decidedApprovals({ limit: 1 });
    expect(latest).toMatchObject({
      id: approval!.id,
      status: 'approved',
      decidedBy: 'tester',
      comment: 'ok',
    });
    expect((await t.api.runtime.approvals()).some((a) => a.id === approval!.id)).toBe(false);
  });

  it('no longer lists the approval of an execution cancelled while it waited', async () => {
    const wf = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('gate', 'test-approval')],
      edges: [edge('trigger', 'gate')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['waiting']);
    const mine = async () =>
      (await t.api.runtime.approvals()).filter((a) => a.executionId === executionId);
    await t.waitFor(async () => (await mine()).length === 1);
    await t.api.runtime.cancel({ executionId });
    await t.until(executionId, ['cancelled']);
    expect(await mine()).toEqual([]);
  });

  it('rejects on timeout', async () => {
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('gate', 'test-approval', { timeoutMs: 100 }),
        node('no', 'log'),
      ],
      edges: [edge('trigger', 'gate'), edge('gate', 'no', 'rejected')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    const { nodeRuns } = await t.until(executionId, ['succeeded'], 5_000);
    expect(nodeRuns.find((r) => r.nodeId === 'no')?.inputs).toEqual({
      in: { decision: 'timed_out' },
    });
  });

  it('refuses to run a workflow that names an unknown node type, saying which node', async () => {
    const wf = await t.save({ nodes: [node('trigger', 'manual-trigger')], edges: [] });
    await database.db.execute(
      `update workflows set definition = jsonb_set(definition, '{nodes,0,type}', '"gone-type"') where id = '${wf.id}'`,
    );
    await expect(t.api.runtime.run({ workflowId: wf.id })).rejects.toThrow(
      /nodes\[0\]\.type: unknown node type "gone-type" \(node "trigger"\)/,
    );
  });

  /** The executions recorded for a workflow, with their node runs. */
  async function historyOf(workflowId: string) {
    const { items } = await t.api.executions.list({ workflowId });
    return Promise.all(
      items.map(async (e) => {
        const { execution, nodeRuns } = await t.api.executions.get({ id: e.id });
        return { execution, nodeRuns };
      }),
    );
  }

  it('refuses a run with bad props, naming the node and the field, and keeps what was recorded', async () => {
    const wf = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('wait', 'test-slow', { ms: 1 })],
      edges: [edge('trigger', 'wait')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
    await t.until(executionId, ['succeeded']);
    const before = await historyOf(wf.id);
    await database.db.execute(
      `update workflows set definition = jsonb_set(definition, '{nodes,1,props,ms}', '"soon"') where id = '${wf.id}'`,
    );
    await expect(t.api.runtime.run({ workflowId: wf.id })).rejects.toThrow(
      /nodes\[1\]\.props\.ms \(node "wait"\): expected number/,
    );
    // Nothing half-started, nothing earlier lost or changed.
    expect(await historyOf(wf.id)).toEqual(before);
    expect(before[0]!.nodeRuns.map((r) => [r.nodeId, r.status])).toEqual([
      ['trigger', 'succeeded'],
      ['wait', 'succeeded'],
    ]);
  });

  it('refuses a run where an input a node needs is not connected, naming the node and the port', async () => {
    // Saved as a draft: the editor lets you save before wiring everything.
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('cmp', 'compare', { against: 'input-b', operator: 'gt' }),
        node('out', 'log'),
      ],
      edges: [edge('trigger', 'cmp', 'out', 'a'), edge('cmp', 'out', 'true')],
    });
    await expect(t.api.runtime.run({ workflowId: wf.id, input: 5 })).rejects.toThrow(
      /nodes\[1\]\.inputs\.b \(node "cmp"\): must be connected \(compare needs it\)/,
    );
    expect(await historyOf(wf.id)).toEqual([]);
    // Comparing with a value instead needs only a: the same graph runs.
    const { workflow: fixed } = await t.api.workflows.save({
      workflow: {
        ...wf,
        nodes: wf.nodes.map((n) =>
          n.id === 'cmp' ? { ...n, props: { against: 'value', operator: 'gt', value: 1 } } : n,
        ),
      },
    });
    const { executionId } = await t.api.runtime.run({ workflowId: fixed.id, input: 5 });
    const { nodeRuns } = await t.until(executionId, ['succeeded']);
    expect(nodeRuns.find((r) => r.nodeId === 'out')?.status).toBe('succeeded');
  });

  it('keeps an active workflow armed across a restart when its saved version leaves an input unconnected', async () => {
    // Active on a wired version; a draft saved later leaves b unconnected (saving is allowed).
    const wired = await t.save({
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 60_000 }),
        node('cmp', 'compare', { against: 'input-b' }),
      ],
      edges: [edge('tick', 'cmp', 'out', 'a'), edge('tick', 'cmp', 'out', 'b')],
    });
    await t.api.runtime.activate({ workflowId: wired.id });
    await t.api.workflows.save({ workflow: { ...wired, edges: wired.edges.slice(0, 1) } });
    // Another process starting on the database arms what is active, this one included: it does
    // not stop firing with only a log line (its runs fail at the node, naming the input).
    const restarted = await startTestRuntime(database, { recover: true });
    try {
      expect(restarted.runtime.triggers.isArmed(wired.id)).toBe(true);
    } finally {
      await restarted.close();
      await t.api.runtime.deactivate({ workflowId: wired.id });
    }
  });
});

import { nanoid } from 'nanoid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import { createCaller } from '../../api/root';
import { createContext } from '../../api/trpc';
import type { Database } from '../../db/client';
import { logger } from '../../logger';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { effectLog, testRegistry } from '../../testing/test-nodes';

const count = (events: RuntimeEvent[], type: string, nodeId?: string) =>
  events.filter((e) => e.type === type && (!nodeId || ('nodeId' in e && e.nodeId === nodeId)))
    .length;

describe.each(databaseBackends)('emergency levels on $name', ({ open }) => {
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

  it('HALT pauses a running execution at the next node boundary; NORMAL resumes it without re-running nodes', async () => {
    const log = `halt-${nanoid(6)}`;
    const wf = await t.save({
      nodes: [
        node('trigger', 'manual-trigger'),
        node('slow', 'test-slow', { ms: 300 }),
        node('order', 'test-effect', { log }),
      ],
      edges: [edge('trigger', 'slow'), edge('slow', 'order')],
    });
    const feed = await t.collect(wf.id);
    try {
      const { executionId } = await t.api.runtime.run({ workflowId: wf.id });
      await t.waitFor(() => count(feed.events, 'node_started', 'slow') === 1);
      const state = await t.api.emergency.set({ level: 'HALT', reason: 'venue misbehaving' });
      expect(state).toMatchObject({ level: 'HALT', setBy: 'tester', source: 'api' });

      // 1. The slow node finishes (HALT does not abort), the side effect never starts.
      const { execution } = await t.until(executionId, ['halted']);
      expect(execution.status).toBe('halted');
      // Events travel apart from the record (Redis): wait for them before counting.
      await t.waitFor(() => count(feed.events, 'execution_halted') === 1);
      expect(count(feed.events, 'node_completed', 'slow')).toBe(1);
      expect(count(feed.events, 'node_started', 'order')).toBe(0);
      expect(count(feed.events, 'execution_halted')).toBe(1);
      expect(effectLog.get(log)).toBeUndefined();

      // 2. New executions are refused with the reason.
      await expect(t.api.runtime.run({ workflowId: wf.id })).rejects.toThrow(
        /emergency level is HALT \(venue misbehaving\)/,
      );

      // 3. Back to NORMAL: the halted execution finishes; finished nodes are not run again.
      await t.api.emergency.set({ level: 'NORMAL', reason: 'venue fixed' });
      const done = await t.until(executionId, ['succeeded', 'failed']);
      expect(done.execution.status).toBe('succeeded');
      await t.waitFor(() => count(feed.events, 'execution_completed') === 1);
      expect(effectLog.get(log)).toHaveLength(1);
      expect(count(feed.events, 'node_started', 'slow')).toBe(1);
      expect(count(feed.events, 'execution_resumed')).toBe(1);
    } finally {
      feed.stop();
    }
  });

  it('HALT holds a side-effect node whose checkpoint was being written; a resume elsewhere runs it', async () => {
    const log = `marker-${nanoid(6)}`;
    const wf = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('order', 'test-effect', { log })],
      edges: [edge('trigger', 'order')],
    });
    // HALT lands between the gate and the node's start (during its checkpoint flush).
    const run = await t.api.runtime.run({ workflowId: wf.id });
    await t.api.emergency.set({ level: 'HALT', reason: 'race' });
    const found = await t.until(run.executionId, ['halted', 'succeeded']);
    if (found.execution.status === 'halted') {
      expect(effectLog.get(log)).toBeUndefined();
      expect(found.nodeRuns.every((r) => r.status !== 'running')).toBe(true);
    }
    await t.api.emergency.set({ level: 'NORMAL', reason: 'go on' });
    await t.until(run.executionId, ['succeeded']);
    expect(effectLog.get(log)).toHaveLength(1);
  });

  it('HALT pauses triggers and refuses webhooks with 503', async () => {
    const path = `halt-${nanoid(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
    const ticking = await t.save({
      nodes: [node('tick', 'interval-trigger', { intervalMs: 20 }), node('count', 'test-count')],
      edges: [edge('tick', 'count')],
    });
    const hooked = await t.save({
      nodes: [node('hook', 'webhook-trigger', { path }), node('out', 'test-count')],
      edges: [edge('hook', 'out')],
    });
    const served = await t.serve();
    const feed = await t.collect(ticking.id);
    try {
      await t.api.emergency.set({ level: 'HALT', reason: 'paused' });
      await t.api.runtime.activate({ workflowId: ticking.id });
      await t.api.runtime.activate({ workflowId: hooked.id });
      const res = await fetch(`${served.base}/api/hooks/${path}`, { method: 'POST' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/HALT \(paused\)/);
      await new Promise((r) => setTimeout(r, 150));
      expect(count(feed.events, 'execution_started')).toBe(0);

      await t.api.emergency.set({ level: 'ALERT', reason: 'watching' });
      await t.waitFor(() => count(feed.events, 'execution_completed') >= 2);
      const ok = await fetch(`${served.base}/api/hooks/${path}`, { method: 'POST' });
      expect(ok.status).toBe(200);
    } finally {
      feed.stop();
      await t.api.runtime.deactivate({ workflowId: ticking.id });
      await t.api.runtime.deactivate({ workflowId: hooked.id });
      await served.close();
    }
  });

  it('SHUTDOWN aborts an in-flight node (cancelled) and deactivates active workflows', async () => {
    const ticking = await t.save({
      nodes: [node('tick', 'interval-trigger', { intervalMs: 20 }), node('count', 'test-count')],
      edges: [edge('tick', 'count')],
    });
    const slow = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('slow', 'test-slow', { ms: 10_000 })],
      edges: [edge('trigger', 'slow')],
    });
    const feed = await t.collect(slow.id);
    try {
      await t.api.runtime.activate({ workflowId: ticking.id });
      const { executionId } = await t.api.runtime.run({ workflowId: slow.id });
      await t.waitFor(() => count(feed.events, 'node_started', 'slow') === 1);
      const setAt = Date.now();
      await t.api.emergency.set({ level: 'SHUTDOWN', reason: 'stop everything' });
      const { execution, nodeRuns } = await t.until(executionId, ['cancelled'], 2_000);
      expect(Date.now() - setAt).toBeLessThan(1_000);
      expect(execution.error?.message).toMatch(/SHUTDOWN by tester: stop everything/);
      expect(nodeRuns.find((r) => r.nodeId === 'slow')?.status).toBe('cancelled');
      await t.waitFor(async () => !(await t.api.workflows.get({ id: ticking.id })).isActive);
      expect(t.runtime.triggers.isArmed(ticking.id)).toBe(false);
      await expect(t.api.runtime.activate({ workflowId: ticking.id })).rejects.toThrow(/SHUTDOWN/);
    } finally {
      feed.stop();
    }
  });

  it('logs every change with actor and source, newest first; a reason is required', async () => {
    const ui = createCaller(
      createContext(
        { db: database.db, catalog: testRegistry, log: logger, runtime: t.runtime },
        { 'x-flowdeck-user': 'alice', 'x-flowdeck-client': 'ui' },
      ),
    );
    await ui.emergency.set({ level: 'ALERT', reason: 'spreads widening' });
    await t.api.emergency.set({ level: 'NORMAL', reason: 'calm again' });
    await expect(t.api.emergency.set({ level: 'HALT', reason: '  ' })).rejects.toThrow(/reason/);
    const [latest, before] = await t.api.emergency.log({ limit: 2 });
    expect(latest).toMatchObject({
      level: 'NORMAL',
      previousLevel: 'ALERT',
      actor: 'tester',
      source: 'api',
      reason: 'calm again',
    });
    expect(before).toMatchObject({ level: 'ALERT', actor: 'alice', source: 'ui' });
    expect(await t.api.emergency.get()).toMatchObject({ level: 'NORMAL', setBy: 'tester' });
  });

  it('the level survives a restart: a runtime started in HALT fires no trigger', async () => {
    const ticking = await t.save({
      nodes: [node('tick', 'interval-trigger', { intervalMs: 20 }), node('count', 'test-count')],
      edges: [edge('tick', 'count')],
    });
    await t.api.runtime.activate({ workflowId: ticking.id });
    await t.api.emergency.set({ level: 'HALT', reason: 'before restart' });
    await t.close();
    const second = await startTestRuntime(database, { recover: true });
    const feed = await second.collect(ticking.id);
    try {
      expect(second.runtime.emergency.get()).toMatchObject({
        level: 'HALT',
        reason: 'before restart',
      });
      expect(second.runtime.triggers.isArmed(ticking.id)).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect(count(feed.events, 'execution_started')).toBe(0);
      await second.api.emergency.set({ level: 'NORMAL', reason: 'after restart' });
      await second.waitFor(() => count(feed.events, 'execution_completed') >= 1);
      await second.api.runtime.deactivate({ workflowId: ticking.id });
    } finally {
      feed.stop();
      await second.close();
      t = await startTestRuntime(database);
    }
  });

  // Needs a bus shared by two runtimes: Redis. Without REDIS_URL each runtime has its own memory
  // bus, so there is nothing to test (CI sets REDIS_URL, so it runs there).
  it.runIf(process.env.REDIS_URL)(
    'with Redis, a second runtime on the same database obeys a change made in the first',
    async () => {
      const other = await startTestRuntime(database);
      const log = `redis-${nanoid(6)}`;
      try {
        const wf = await other.save({
          nodes: [
            node('trigger', 'manual-trigger'),
            node('slow', 'test-slow', { ms: 300 }),
            node('order', 'test-effect', { log }),
          ],
          edges: [edge('trigger', 'slow'), edge('slow', 'order')],
        });
        const { executionId } = await other.api.runtime.run({ workflowId: wf.id });
        await t.api.emergency.set({ level: 'HALT', reason: 'from the first' });
        await other.waitFor(() => other.runtime.emergency.level() === 'HALT', 2_000);
        await other.until(executionId, ['halted']);
        await expect(other.api.runtime.run({ workflowId: wf.id })).rejects.toThrow(/HALT/);
        expect(effectLog.get(log)).toBeUndefined();

        await other.api.emergency.set({ level: 'NORMAL', reason: 'from the second' });
        await t.waitFor(() => t.runtime.emergency.level() === 'NORMAL', 2_000);
        await other.until(executionId, ['succeeded']);
        expect(effectLog.get(log)).toHaveLength(1);
      } finally {
        await other.close();
      }
    },
  );
});

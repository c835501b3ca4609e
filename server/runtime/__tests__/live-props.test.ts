import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

type Completed = Extract<RuntimeEvent, { type: 'node_completed' }>;

/** The ports the threshold node produced, per completion, in order. */
const checks = (events: RuntimeEvent[], from = 0) =>
  events
    .slice(from)
    .filter((e): e is Completed => e.type === 'node_completed' && e.nodeId === 'check')
    .map((e) => e.ports.join(','));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseBackends)('live props on $name', ({ open }) => {
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

  /** interval (50 ms) → source (value 5) → threshold (10) → log, saved and active. */
  async function liveWorkflow() {
    const wf = await t.save({
      nodes: [
        node('tick', 'interval-trigger', { intervalMs: 50 }),
        node('source', 'test-source', { value: 5 }),
        node('check', 'threshold-check', { threshold: 10 }),
        node('log', 'log'),
      ],
      edges: [edge('tick', 'source'), edge('source', 'check'), edge('check', 'log', 'above')],
    });
    const feed = await t.collect(wf.id);
    await t.api.runtime.activate({ workflowId: wf.id });
    return { wf, feed };
  }

  async function stop(workflowId: string, feed: { stop(): void }) {
    await t.api.runtime.deactivate({ workflowId, overrides: 'discard' });
    feed.stop();
  }

  it('a patch flips the threshold output on the next ticks without a restart; revert restores it', async () => {
    const { wf, feed } = await liveWorkflow();
    try {
      await t.waitFor(() => checks(feed.events).length >= 2);
      expect(new Set(checks(feed.events))).toEqual(new Set(['below']));

      const patched = await t.api.runtime.patchProps({
        workflowId: wf.id,
        nodeId: 'check',
        props: { threshold: 1 },
      });
      expect(patched.props).toEqual({ threshold: 1 });
      const mark = feed.events.length;
      await t.waitFor(() => checks(feed.events, mark).filter((p) => p === 'above').length >= 3);
      expect(checks(feed.events, mark).slice(-2)).toEqual(['above', 'above']);
      // No restart: the workflow stayed active and the saved version did not change.
      const stored = await t.api.workflows.get({ id: wf.id });
      expect(stored.isActive).toBe(true);
      expect(stored.workflow.version).toBe(wf.version);
      expect(await t.api.runtime.liveProps({ workflowId: wf.id })).toEqual({
        workflowId: wf.id,
        overrides: { check: { threshold: 1 } },
      });
      // Browsers hear of it.
      await t.waitFor(() =>
        feed.events.some((e) => e.type === 'props_changed' && e.nodeId === 'check'),
      );

      const reverted = await t.api.runtime.revertProps({ workflowId: wf.id });
      expect(reverted.reverted).toEqual(['check']);
      expect((await t.api.runtime.liveProps({ workflowId: wf.id })).overrides).toEqual({});
      const back = feed.events.length;
      await t.waitFor(() => checks(feed.events, back).filter((p) => p === 'below').length >= 3);
      expect(checks(feed.events, back).slice(-2)).toEqual(['below', 'below']);

      const log = await t.api.runtime.propsLog({ workflowId: wf.id });
      expect(log.map((r) => [r.action, r.field, r.oldValue, r.newValue, r.actor])).toEqual([
        ['revert', 'threshold', 1, 10, 'tester'],
        ['patch', 'threshold', 10, 1, 'tester'],
      ]);
      expect(log[1]!.nodeId).toBe('check');
      expect(Array.isArray(log[1]!.executionIds)).toBe(true);
    } finally {
      await stop(wf.id, feed);
    }
  });

  it('refuses a missing node, an unknown field or a bad value and changes nothing; the last of two patches wins', async () => {
    const { wf, feed } = await liveWorkflow();
    try {
      await t.api.runtime.patchProps({
        workflowId: wf.id,
        nodeId: 'check',
        props: { threshold: 3 },
      });
      const before = await t.api.runtime.liveProps({ workflowId: wf.id });

      await expect(
        t.api.runtime.patchProps({ workflowId: wf.id, nodeId: 'nope', props: { threshold: 1 } }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/"nope"/) });
      await expect(
        t.api.runtime.patchProps({ workflowId: wf.id, nodeId: 'check', props: { treshold: 1 } }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^treshold:/),
      });
      await expect(
        t.api.runtime.patchProps({
          workflowId: wf.id,
          nodeId: 'check',
          props: { threshold: 'high', inclusive: true },
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^threshold: /),
      });
      expect(await t.api.runtime.liveProps({ workflowId: wf.id })).toEqual(before);
      expect(await t.api.runtime.propsLog({ workflowId: wf.id })).toHaveLength(1);

      await Promise.all([
        t.api.runtime.patchProps({ workflowId: wf.id, nodeId: 'check', props: { threshold: 7 } }),
        sleep(5).then(() =>
          t.api.runtime.patchProps({ workflowId: wf.id, nodeId: 'check', props: { threshold: 8 } }),
        ),
      ]);
      expect((await t.api.runtime.liveProps({ workflowId: wf.id })).overrides).toEqual({
        check: { threshold: 8 },
      });
    } finally {
      await stop(wf.id, feed);
    }
  });

  it('reverts one field of a node and keeps its other overrides', async () => {
    const { wf, feed } = await liveWorkflow();
    try {
      await t.api.runtime.patchProps({
        workflowId: wf.id,
        nodeId: 'check',
        props: { threshold: 1, inclusive: true },
      });
      const reverted = await t.api.runtime.revertProps({
        workflowId: wf.id,
        nodeId: 'check',
        field: 'threshold',
      });
      expect(reverted.reverted).toEqual(['check']);
      expect((await t.api.runtime.liveProps({ workflowId: wf.id })).overrides).toEqual({
        check: { inclusive: true },
      });
      // The node runs the saved threshold again (5 is below 10), with the live `inclusive`.
      const mark = feed.events.length;
      await t.waitFor(() => checks(feed.events, mark).length >= 2);
      expect(checks(feed.events, mark).slice(-1)).toEqual(['below']);
      await t.waitFor(() =>
        feed.events.some(
          (e) =>
            e.type === 'props_changed' &&
            e.nodeId === 'check' &&
            JSON.stringify(e.props) === '{"inclusive":true}',
        ),
      );
      const [last] = await t.api.runtime.propsLog({ workflowId: wf.id, limit: 1 });
      expect(last).toMatchObject({
        action: 'revert',
        field: 'threshold',
        oldValue: 1,
        newValue: 10,
      });

      // The last field of a node goes with its row.
      await t.api.runtime.revertProps({ workflowId: wf.id, nodeId: 'check', field: 'inclusive' });
      expect((await t.api.runtime.liveProps({ workflowId: wf.id })).overrides).toEqual({});
      // A field without its node is refused, naming what is missing.
      await expect(
        t.api.runtime.revertProps({ workflowId: wf.id, field: 'threshold' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/nodeId/) });
    } finally {
      await stop(wf.id, feed);
    }
  });

  it('apply saves the overrides as a new version and clears them; the workflow runs the saved values', async () => {
    const { wf, feed } = await liveWorkflow();
    try {
      await t.api.runtime.patchProps({
        workflowId: wf.id,
        nodeId: 'check',
        props: { threshold: 2 },
      });
      const applied = await t.api.runtime.applyProps({ workflowId: wf.id });
      expect(applied).toMatchObject({ version: wf.version + 1, applied: ['check'] });
      const stored = await t.api.workflows.get({ id: wf.id });
      expect(stored.workflow.version).toBe(wf.version + 1);
      expect(stored.workflow.nodes.find((n) => n.id === 'check')!.props).toMatchObject({
        threshold: 2,
      });
      expect((await t.api.runtime.liveProps({ workflowId: wf.id })).overrides).toEqual({});
      const mark = feed.events.length;
      await t.waitFor(() => checks(feed.events, mark).filter((p) => p === 'above').length >= 2);
      expect(checks(feed.events, mark).slice(-1)).toEqual(['above']);
    } finally {
      await stop(wf.id, feed);
    }
  });

  it('deactivate with overrides asks what to do with them; without overrides it needs no choice', async () => {
    const { wf, feed } = await liveWorkflow();
    try {
      await t.api.runtime.patchProps({
        workflowId: wf.id,
        nodeId: 'check',
        props: { threshold: 4 },
      });
      await expect(t.api.runtime.deactivate({ workflowId: wf.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/1 live override/),
      });
      expect((await t.api.workflows.get({ id: wf.id })).isActive).toBe(true);
      expect(
        await t.api.runtime.deactivate({ workflowId: wf.id, overrides: 'apply' }),
      ).toMatchObject({ isActive: false, overrides: 'applied', version: wf.version + 1 });
      expect((await t.api.runtime.liveProps({ workflowId: wf.id })).overrides).toEqual({});
      // Nothing is live any more: a patch is refused rather than left for a later activation.
      await sleep(300);
      await expect(
        t.api.runtime.patchProps({ workflowId: wf.id, nodeId: 'check', props: { threshold: 5 } }),
      ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not live/) });
      await t.api.runtime.activate({ workflowId: wf.id });
      expect(await t.api.runtime.deactivate({ workflowId: wf.id })).toMatchObject({
        overrides: 'none',
      });
    } finally {
      feed.stop();
    }
  });

  it('two runtimes on one database and bus see the same overrides', async () => {
    const other = await startTestRuntime(database, process.env.REDIS_URL ? {} : { bus: t.bus });
    const { wf, feed } = await liveWorkflow();
    try {
      await t.api.runtime.patchProps({
        workflowId: wf.id,
        nodeId: 'check',
        props: { threshold: 0 },
      });
      await other.waitFor(
        () => other.runtime.liveProps.forNode(wf.id, 'check')?.threshold === 0,
        5_000,
      );
      const otherFeed = await other.collect(wf.id);
      const { executionId } = await other.api.runtime.run({ workflowId: wf.id });
      await other.until(executionId, ['succeeded']);
      await other.waitFor(() =>
        otherFeed.events.some(
          (e) =>
            e.executionId === executionId && e.type === 'node_completed' && e.nodeId === 'check',
        ),
      );
      const done = otherFeed.events.find(
        (e): e is Completed =>
          e.executionId === executionId && e.type === 'node_completed' && e.nodeId === 'check',
      );
      expect(done!.ports).toEqual(['above']);
      otherFeed.stop();

      // A revert in the other process reaches this one.
      await other.api.runtime.revertProps({ workflowId: wf.id, nodeId: 'check' });
      await t.waitFor(() => t.runtime.liveProps.forNode(wf.id, 'check') === undefined, 5_000);
    } finally {
      await stop(wf.id, feed);
      await other.close();
    }
  });
});

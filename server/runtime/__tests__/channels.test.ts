import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../api/root';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

describe.each(databaseBackends)('publishing to a channel through the API on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  let served: Awaited<ReturnType<TestRuntime['serve']>>;
  // The API as a script or another service calls it: tRPC over HTTP.
  let api: ReturnType<typeof createTRPCClient<AppRouter>>;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database);
    served = await t.serve();
    api = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${served.base}/api/trpc`, transformer: superjson })],
    });
  });
  afterAll(async () => {
    await served?.close();
    await t?.close();
    await database?.close();
  });

  it('starts the active workflow whose event trigger listens on the channel, with the payload as its input', async () => {
    const channel = `prices.btc-${Date.now()}`;
    const wf = await t.save({
      nodes: [node('on', 'event-trigger', { channel }), node('out', 'log')],
      edges: [edge('on', 'out')],
    });
    const feed = await t.collect(wf.id);
    await t.api.runtime.activate({ workflowId: wf.id });
    try {
      const payload = { symbol: 'BTC', price: 97_000 };
      await expect(api.runtime.publish.mutate({ channel, payload })).resolves.toEqual({ channel });

      const started = await t.waitFor(() =>
        feed.events.find((e) => e.type === 'execution_started'),
      );
      expect(started).toMatchObject({ trigger: 'event' });
      const { execution, nodeRuns } = await t.until(started.executionId, ['succeeded']);
      // Published from outside any workflow: no `from`, the first hop.
      expect(execution).toMatchObject({
        workflowId: wf.id,
        triggerKind: 'event',
        input: { channel, payload, from: null, hops: 0 },
      });
      expect(nodeRuns.find((r) => r.nodeId === 'out')?.outputs).toMatchObject({
        out: { channel, payload },
      });
    } finally {
      await t.api.runtime.deactivate({ workflowId: wf.id });
      feed.stop();
    }
  });

  it.each([
    ['Prices.BTC', /^channel: must be lowercase letters and digits in parts joined by/],
    ['prices btc', /^channel: must be lowercase letters and digits in parts joined by/],
    ['', /^channel: must be lowercase letters and digits in parts joined by/],
    ['x'.repeat(101), /^channel: must be at most 100 characters long$/],
  ])(
    'refuses the channel %j, which no event trigger could listen on, naming the field',
    async (channel, message) => {
      const err = await api.runtime.publish
        .mutate({ channel, payload: { price: 1 } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCClientError);
      const e = err as TRPCClientError<AppRouter>;
      expect(e.data?.code).toBe('BAD_REQUEST');
      expect(e.message).toMatch(message);
      expect(e.data?.issues).toEqual([{ path: 'channel', message: expect.any(String) }]);
    },
  );
});

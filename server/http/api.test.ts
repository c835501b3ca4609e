import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../api/root';
import type { Database } from '../db/client';
import { logger } from '../logger';
import { nodeCatalog } from '../nodes/registry';
import type { ServerServices } from '../services';
import { databaseBackends } from '../testing/databases';
import { serveApi } from '../testing/serve-api';
import { createRedisEventBus } from '../runtime/event-bus';

describe.each(databaseBackends)('the /api surface over HTTP on $name', ({ open }) => {
  let database: Database;
  let served: Awaited<ReturnType<typeof serveApi>>;
  let base: string;

  beforeAll(async () => {
    database = await open();
    const services: ServerServices = {
      db: database.db,
      catalog: nodeCatalog,
      log: logger,
      database,
      close: async () => {},
    };
    served = await serveApi(services);
    base = served.base;
  });
  afterAll(async () => {
    await served?.close();
    await database?.close();
  });

  const client = () =>
    createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${base}/api/trpc`, transformer: superjson })],
    });

  it('answers /api/health with the database kind', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: database.kind });
  });

  it('says 503 starting while the database is still opening', async () => {
    const probe = await serveApi(new Promise<never>(() => {}));
    try {
      const res = await fetch(`${probe.base}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'starting' });
    } finally {
      await probe.close();
    }
  });

  it('says 503 and names the event bus when Redis does not answer', async () => {
    const bus = createRedisEventBus({
      url: 'redis://127.0.0.1:1',
      log: logger.child({}, { level: 'silent' }),
    });
    const probe = await serveApi({
      db: database.db,
      catalog: nodeCatalog,
      log: logger,
      database,
      bus,
      close: async () => {},
    });
    try {
      const res = await fetch(`${probe.base}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'error',
        bus: 'redis',
        error: expect.stringContaining('the event bus (redis)'),
      });
    } finally {
      await probe.close();
      await bus.close();
    }
  });

  it('answers an unknown /api path with a JSON 404, not a page', async () => {
    const res = await fetch(`${base}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no API at /api/nothing-here' });
  });

  it('serves tRPC: create then list', async () => {
    const api = client();
    const wf = await api.workflows.create.mutate({ name: 'Over HTTP' });
    const list = await api.workflows.list.query();
    expect(list.find((w) => w.id === wf.id)?.updatedAt).toBeInstanceOf(Date);
  });

  it('names the field and the rule of bad input, without a stack trace', async () => {
    const err = await client()
      .workflows.create.mutate({ name: '   ' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    const e = err as TRPCClientError<AppRouter>;
    expect(e.message).toBe('name: must not be empty');
    expect(e.data?.issues).toEqual([{ path: 'name', message: 'must not be empty' }]);
    expect(JSON.stringify(e.shape)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('gives an invalid import its paths in error data', async () => {
    const json = JSON.stringify({
      id: 'wf_x',
      name: 'X',
      nodes: [{ id: 'a', type: 'nope', name: 'A', position: { x: 0, y: 0 } }],
    });
    const err = (await client()
      .workflows.import.mutate({ json })
      .catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.data?.issues).toContainEqual({
      path: 'nodes[0].type',
      message: 'unknown node type "nope" (node "a")',
    });
  });

  it('refuses a 10 MB body with a message that says the limit', async () => {
    const body = JSON.stringify({ json: { json: 'x'.repeat(10_000_000) } });
    const res = await fetch(`${base}/api/trpc/workflows.import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    const payload = (await res.json()) as { error: { json: { message: string } } };
    expect(payload.error.json.message).toMatch(/larger than the 5 MB the server accepts/);
    expect((await client().workflows.list.query()).some((w) => w.name === 'x')).toBe(false);
  });
});

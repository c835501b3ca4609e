/**
 * What opens a host's circuit breaker. Breakers are shared by every execution in the process, so
 * only the host's own failures may count: runs fed the wrong input fail on their own, and every
 * other workflow keeps reaching the host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { sendJson, startTestServer, type TestServer } from '../../testing/http-server';
import { edge, node, startTestRuntime, type TestRuntime } from '../../testing/runtime';

describe.each(databaseBackends)('circuit breaker causes on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    database = await open();
    // A cool-down no test outlasts: an open breaker stays open.
    t = await startTestRuntime(database, { breakers: { failureThreshold: 2, cooldownMs: 60_000 } });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await t?.close();
    await database?.close();
  });

  /** A host answering every request with `status`. */
  async function host(status: number) {
    const server = await startTestServer((_req, res) => sendJson(res, status, { status }));
    servers.push(server);
    return server;
  }

  /** Runs trigger → GET `url` with `input`; the HTTP node's error, null when it succeeded. */
  async function fetchWith(url: string, input: unknown) {
    const wf = await t.save({
      nodes: [node('trigger', 'manual-trigger'), node('fetch', 'http-request', { url })],
      edges: [edge('trigger', 'fetch')],
    });
    const { executionId } = await t.api.runtime.run({ workflowId: wf.id, input });
    const { nodeRuns } = await t.until(executionId, ['failed', 'succeeded']);
    return nodeRuns.find((r) => r.nodeId === 'fetch')!.error;
  }

  it('runs missing a templated field fail naming it, and correctly fed runs still reach the host', async () => {
    const server = await host(200);
    const url = `${server.url}/quotes/{{input.symbol}}`;
    for (let i = 0; i < 3; i++) {
      const error = await fetchWith(url, { price: 1 });
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      expect(error!.message).toContain('url: {{input.symbol}} has no value');
    }
    expect(server.requests).toHaveLength(0);

    expect(await fetchWith(url, { symbol: 'BTC' })).toBeNull();
    expect(server.requests.map((r) => r.path)).toEqual(['/quotes/BTC']);
  });

  it('a host answering 503 still opens its breaker: later runs fail fast without calling it', async () => {
    const server = await host(503);
    expect(await fetchWith(`${server.url}/a`, {})).toMatchObject({ code: 'HTTP_503' });
    expect(await fetchWith(`${server.url}/b`, {})).toMatchObject({ code: 'HTTP_503' });
    const error = await fetchWith(`${server.url}/c`, {});
    expect(error).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(error!.message).toContain('after 2 consecutive failures');
    expect(server.requests).toHaveLength(2);
  });

  it('a host refusing connections still opens its breaker', async () => {
    const server = await startTestServer(() => {});
    await server.close();
    expect(await fetchWith(`${server.url}/a`, {})).toMatchObject({ code: 'NETWORK' });
    expect(await fetchWith(`${server.url}/a`, {})).toMatchObject({ code: 'NETWORK' });
    expect(await fetchWith(`${server.url}/a`, {})).toMatchObject({ code: 'CIRCUIT_OPEN' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { OperationalError, UserError } from '../runtime/errors';
import { sendJson, startTestServer, type TestServer } from '../testing/http-server';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import { hasSideEffects } from './define-node';
import httpRequest from './http-request';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    const [path, query] = req.path.split('?');
    if (path === '/json')
      return sendJson(res, 200, { echo: req.body ? JSON.parse(req.body) : null, query });
    if (path === '/text') return void res.end('plain words');
    if (path === '/empty') return void res.writeHead(204).end();
    if (path === '/missing') return sendJson(res, 404, { error: 'no such order' });
    if (path === '/busy') return sendJson(res, 503, { error: 'try later' });
    if (path === '/limited') return void res.writeHead(429).end();
    if (path === '/slow') return void setTimeout(() => res.end('late'), 2_000);
    if (path === '/huge') return void res.end(Buffer.alloc(11 * 1024 * 1024, 'a'));
    sendJson(res, 200, { path });
  });
});
afterAll(() => server.close());

const call = (props: z.input<typeof httpRequest.props>, input?: unknown, signal?: AbortSignal) =>
  runNodeForTest(httpRequest, { inputs: { in: input }, props, signal });

describe('http-request', () => {
  it('sends 2xx answers to "ok" with status, headers and the parsed JSON body', async () => {
    const { outputs } = await call({ url: `${server.url}/json` });
    expect(outputs).toEqual({
      ok: {
        status: 200,
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: { echo: null, query: undefined },
      },
    });
  });

  it('sends the input as the JSON body, with a content type, and the headers', async () => {
    await call(
      { method: 'POST', url: `${server.url}/json`, headers: { 'X-Api-Key': 'k1' } },
      { qty: 2 },
    );
    const req = server.requests.at(-1);
    expect(req).toMatchObject({ method: 'POST', body: '{"qty":2}' });
    expect(req?.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'k1' });
  });

  it('sends the body prop instead, or no body at all', async () => {
    const viaProp = await call(
      { method: 'PUT', url: `${server.url}/json`, bodyFrom: 'body', body: { fixed: true } },
      { qty: 2 },
    );
    expect(viaProp.outputs.ok).toMatchObject({ body: { echo: { fixed: true } } });
    await call({ method: 'DELETE', url: `${server.url}/json`, bodyFrom: 'none' }, { qty: 2 });
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', body: '' });
  });

  it('never sends a body with GET', async () => {
    await call({ url: `${server.url}/json` }, { qty: 2 });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('fills URL placeholders from the input and trigger, URL-encoded', async () => {
    await runNodeForTest(httpRequest, {
      inputs: { in: { symbol: 'ETH/USD' } },
      trigger: { venue: 'a b' },
      props: { url: `${server.url}/quotes/{{input.symbol}}?venue={{trigger.venue}}` },
    });
    expect(server.requests.at(-1)?.path).toBe('/quotes/ETH%2FUSD?venue=a%20b');
  });

  it('returns text bodies as text and empty bodies as null', async () => {
    expect((await call({ url: `${server.url}/text` })).outputs.ok).toMatchObject({
      body: 'plain words',
    });
    expect((await call({ url: `${server.url}/empty` })).outputs.ok).toMatchObject({
      status: 204,
      body: null,
    });
  });

  it('sends other 4xx answers to "error" with status and body', async () => {
    expect((await call({ url: `${server.url}/missing` })).outputs).toEqual({
      error: { status: 404, body: { error: 'no such order' } },
    });
  });

  it('throws a retryable error naming the URL on 5xx and 429', async () => {
    const busy = call({ url: `${server.url}/busy` });
    await expect(busy).rejects.toBeInstanceOf(OperationalError);
    await expect(busy).rejects.toThrow(
      `url: GET ${server.url}/busy answered 503 Service Unavailable: {"error":"try later"}`,
    );
    await expect(call({ url: `${server.url}/limited` })).rejects.toMatchObject({
      code: 'HTTP_429',
      retryable: true,
    });
  });

  it('throws a retryable timeout error naming the URL', async () => {
    const started = Date.now();
    const slow = call({ url: `${server.url}/slow`, timeoutMs: 150 });
    await expect(slow).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    await expect(slow).rejects.toThrow(
      `url: GET ${server.url}/slow got no full answer within 150 ms`,
    );
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('throws a retryable network error naming the URL', async () => {
    const closed = await startTestServer(() => undefined);
    await closed.close();
    const refused = call({ url: `${closed.url}/x` });
    await expect(refused).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    await expect(refused).rejects.toThrow(
      new RegExp(`^url: GET ${closed.url}/x failed: .*ECONNREFUSED`),
    );
  });

  it('gives up with the reason of its signal when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
    await expect(call({ url: `${server.url}/slow` }, undefined, controller.signal)).rejects.toThrow(
      'cancelled by test',
    );
  });

  it('refuses a response body over 10 MB', async () => {
    await expect(call({ url: `${server.url}/huge` })).rejects.toThrow(
      `url: the response of ${server.url}/huge is larger than 10 MB`,
    );
  });

  it('fails without retrying when a placeholder finds nothing or makes a bad URL', async () => {
    const missing = call({ url: `${server.url}/q/{{input.id}}` }, { other: 1 });
    await expect(missing).rejects.toBeInstanceOf(UserError);
    await expect(missing).rejects.toThrow('url: {{input.id}} has no value (input is {"other":1})');
  });

  it('has side effects unless GET, and the host as circuit-breaker target', () => {
    const props = (p: z.input<typeof httpRequest.props>) => httpRequest.props.parse(p);
    expect(hasSideEffects(httpRequest, props({ method: 'GET' }))).toBe(false);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const)
      expect(hasSideEffects(httpRequest, props({ method }))).toBe(true);
    expect(
      httpRequest.target?.(props({ url: 'https://api.venue.io:8443/v1/{{input.id}}' }), {}),
    ).toBe('api.venue.io:8443');
  });

  it('refuses bad URLs, methods, headers and time limits with a clear rule', () => {
    expect(propIssues(httpRequest, { url: 'ftp://x' })).toEqual([
      'url: must be an http:// or https:// URL',
    ]);
    expect(propIssues(httpRequest, { url: 'not a url' })).toEqual([
      'url: must be an http:// or https:// URL',
    ]);
    expect(propIssues(httpRequest, { url: 'https://{{input.host}}/x' })).toEqual([
      'url: may have {{placeholders}} in its path and query only, not in its host',
    ]);
    expect(propIssues(httpRequest, { url: 'https://x.io/{{secrets.key}}' })).toEqual([
      'url: placeholder {{secrets.key}} must start with "input" or "trigger"',
    ]);
    expect(propIssues(httpRequest, { method: 'TRACE' })[0]).toMatch(
      /^method: must be one of "GET"/,
    );
    expect(propIssues(httpRequest, { headers: { 'Bad Header': 'x' } })).toEqual([
      'headers["Bad Header"]: is not a valid HTTP header name',
    ]);
    expect(propIssues(httpRequest, { headers: { 'X-A': 'a\r\nX-B: b' } })).toEqual([
      'headers["X-A"]: must not contain line breaks',
    ]);
    expect(propIssues(httpRequest, { timeoutMs: 50 })).toEqual(['timeoutMs: must be ≥ 100']);
    expect(propIssues(httpRequest, { timeoutMs: 300_001 })).toEqual([
      'timeoutMs: must be ≤ 300000',
    ]);
  });
});

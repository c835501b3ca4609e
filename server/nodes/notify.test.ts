import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { OperationalError, UserError } from '../runtime/errors';
import { sendJson, startTestServer, type TestServer } from '../testing/http-server';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import notify from './notify';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.path === '/gone') return sendJson(res, 410, { error: 'webhook deleted' });
    if (req.path === '/down') return void res.writeHead(502).end();
    if (req.path === '/slow') return void setTimeout(() => res.end('late'), 2_000);
    res.end('ok');
  });
});
afterAll(() => server.close());

const send = (props: z.input<typeof notify.props>, input?: unknown) =>
  runNodeForTest(notify, { inputs: { in: input }, props });

describe('notify', () => {
  it('POSTs the message and the input as JSON, then passes the input on', async () => {
    const input = { symbol: 'ETH', pnl: -120 };
    const { outputs } = await send(
      { url: `${server.url}/hook`, message: 'Loss on {{input.symbol}}: {{input.pnl}}' },
      input,
    );
    expect(outputs).toEqual({ out: input });
    const req = server.requests.at(-1);
    expect(req).toMatchObject({ method: 'POST', path: '/hook' });
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      text: 'Loss on ETH: -120',
      input,
      workflowId: 'wf_test',
      executionId: 'ex_test',
    });
  });

  it('leaves the input out when asked, and sends its headers', async () => {
    await send(
      {
        url: `${server.url}/hook`,
        message: 'hi',
        includeInput: false,
        headers: { Authorization: 'Bearer t' },
      },
      { a: 1 },
    );
    const req = server.requests.at(-1);
    expect(JSON.parse(req?.body ?? '')).toEqual({
      text: 'hi',
      workflowId: 'wf_test',
      executionId: 'ex_test',
    });
    expect(req?.headers.authorization).toBe('Bearer t');
  });

  it('fails without retry on a 4xx answer, naming the URL and status', async () => {
    const gone = send({ url: `${server.url}/gone` });
    await expect(gone).rejects.toBeInstanceOf(UserError);
    await expect(gone).rejects.toThrow(
      `url: POST ${server.url}/gone answered 410 Gone: {"error":"webhook deleted"}`,
    );
  });

  it('fails retryably on a 5xx answer, a timeout or a network error', async () => {
    await expect(send({ url: `${server.url}/down` })).rejects.toBeInstanceOf(OperationalError);
    await expect(send({ url: `${server.url}/slow`, timeoutMs: 100 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
    const closed = await startTestServer(() => undefined);
    await closed.close();
    await expect(send({ url: `${closed.url}/x` })).rejects.toMatchObject({
      code: 'NETWORK',
      retryable: true,
    });
  });

  it('fails naming the message when a placeholder finds nothing', async () => {
    await expect(
      send({ url: `${server.url}/hook`, message: 'pnl {{input.pnl}}' }, {}),
    ).rejects.toThrow('message: {{input.pnl}} has no value (input is {})');
  });

  it('is a side effect whose circuit-breaker target is the host', () => {
    expect(notify.sideEffects).toBe(true);
    expect(
      notify.target?.(notify.props.parse({ url: 'https://hooks.slack.com/services/x' }), {}),
    ).toBe('hooks.slack.com');
  });

  it('refuses a bad URL, placeholder or message', () => {
    expect(propIssues(notify, { url: 'mailto:ops@example.com' })).toEqual([
      'url: must be an http:// or https:// URL',
    ]);
    expect(propIssues(notify, { message: 'x {{ env.HOME }}' })).toEqual([
      'message: placeholder {{env.HOME}} must start with "input" or "trigger"',
    ]);
    expect(propIssues(notify, { message: 'x'.repeat(4_001) })).toEqual([
      'message: must be at most 4000 characters long',
    ]);
  });
});

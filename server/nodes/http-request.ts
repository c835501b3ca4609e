import { z } from 'zod';
import { defineNode } from './define-node';
import {
  headersSchema,
  hostOf,
  isRetryableStatus,
  sendHttp,
  statusError,
  timeoutSchema,
  urlSchema,
} from './shared/http';
import { jsonValueSchema } from './shared/schemas';
import { renderTemplate } from './shared/template';

/**
 * Calls an HTTP API. 2xx goes to `ok`; other 4xx (and 3xx) answers go to `error`, so a flow can
 * handle them; network errors, timeouts, 408, 429 and 5xx throw retryable errors for the
 * executor's retry policy and circuit breaker.
 */
export default defineNode({
  type: 'http-request',
  title: 'HTTP Request',
  category: 'Network',
  description:
    'Sends an HTTP request. 2xx answers go to "ok" as { status, headers, body }, other 4xx to "error" as { status, body }; 5xx, 408, 429, timeouts and network errors fail the node so it can be retried.',
  inputs: { in: 'any' },
  outputs: { ok: 'json', error: 'json' },
  props: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET').meta({
      description: 'HTTP method. Anything but GET counts as a side effect (refused under HALT).',
    }),
    url: urlSchema(
      'http(s) URL. {{input.x}} and {{trigger.x}} placeholders in the path and query are filled in, URL-encoded.',
    ).default('https://example.com/'),
    headers: headersSchema,
    bodyFrom: z.enum(['input', 'body', 'none']).default('input').meta({
      description:
        'What to send as the JSON body: the input, the body below, or nothing. GET sends none.',
    }),
    body: jsonValueSchema
      .optional()
      .meta({ description: 'JSON body, when body from is "body".', widget: 'json' }),
    timeoutMs: timeoutSchema(10_000),
  }),
  sideEffects: (props) => props.method !== 'GET',
  target: (props) => hostOf(props.url),
  async run({ inputs, trigger, props, signal, log }) {
    const url = renderTemplate('url', props.url, { input: inputs.in, trigger }, encodeURIComponent);
    const body =
      props.bodyFrom === 'input' ? inputs.in : props.bodyFrom === 'body' ? props.body : undefined;
    const started = performance.now();
    const res = await sendHttp({
      url,
      method: props.method,
      headers: props.headers,
      body,
      timeoutMs: props.timeoutMs,
      signal,
    });
    log.debug(
      {
        method: props.method,
        url,
        status: res.status,
        ms: Math.round(performance.now() - started),
      },
      'http request',
    );
    if (res.status >= 200 && res.status < 300)
      return { ok: { status: res.status, headers: res.headers, body: res.body } };
    if (isRetryableStatus(res.status)) throw statusError({ method: props.method, url }, res);
    return { error: { status: res.status, body: res.body } };
  },
});

/**
 * Outgoing HTTP for the http-request and notify nodes: URL, header and timeout prop schemas, one
 * `fetch` under the node's signal plus its own time limit, a bounded response body, and the line
 * between failures worth retrying (network errors, timeouts, 408, 429, 5xx: OperationalError)
 * and the rest. Every error message names the URL.
 */
import { z } from 'zod';
import { OperationalError, UserError } from '../../runtime/errors';
import { templateProblem } from './template';

export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const PLACEHOLDER = /\{\{[^{}]*\}\}/g;

function parseHttpUrl(url: string): URL | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
}

/** Why a URL prop is unusable (placeholders allowed in its path and query only), or null. */
export function urlProblem(url: string): string | null {
  const a = parseHttpUrl(url.replace(PLACEHOLDER, 'a'));
  const b = parseHttpUrl(url.replace(PLACEHOLDER, 'b'));
  if (!a || !b) return 'must be an http:// or https:// URL';
  if (a.origin !== b.origin)
    return 'may have {{placeholders}} in its path and query only, not in its host';
  return templateProblem(url);
}

export function urlSchema(description: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(2_000)
    .superRefine((url, ctx) => {
      const problem = urlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description, widget: 'template' });
}

/** The host of a URL prop (placeholders never reach it): the circuit-breaker key. */
export function hostOf(url: string): string | undefined {
  return parseHttpUrl(url.replace(PLACEHOLDER, 'a'))?.host;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const headersSchema = z
  .record(
    z.string(),
    z
      .string()
      .max(8_192)
      .regex(/^[^\r\n]*$/, 'must not contain line breaks'),
  )
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!HEADER_NAME.test(name))
        ctx.addIssue({ code: 'custom', path: [name], message: 'is not a valid HTTP header name' });
    }
  })
  .default({})
  .meta({ description: 'Request headers, name → value.', widget: 'key-value' });

export function timeoutSchema(defaultMs: number) {
  return z.int().min(100).max(300_000).default(defaultMs).meta({
    description: 'Time limit of the whole request, response body included, in milliseconds.',
    widget: 'scrub',
    step: 100,
  });
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export type HttpResponse = {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: unknown;
};

export type HttpRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal: AbortSignal;
};

async function readBody(url: string, res: Response): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES)
      throw new UserError(
        'BAD_REQUEST',
        `url: the response of ${url} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`,
      );
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  if (!/\bjson\b|\+json\b/i.test(res.headers.get('content-type') ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends one request and reads the whole response, whatever its status. */
export async function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  const url = parseHttpUrl(req.url);
  if (!url)
    throw new UserError('BAD_REQUEST', `url: ${JSON.stringify(req.url)} is not an http(s) URL`);
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const hasBody = req.body !== undefined && req.method !== 'GET';
  const headers = new Headers(req.headers);
  if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
  try {
    const res = await fetch(url, {
      method: req.method,
      headers,
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.any([req.signal, timeout]),
    });
    const body = await readBody(req.url, res);
    return {
      status: res.status,
      statusText: res.statusText,
      headers: Object.fromEntries(res.headers),
      body,
    };
  } catch (err) {
    if (req.signal.aborted) throw req.signal.reason;
    if (err instanceof UserError) throw err;
    if (timeout.aborted)
      throw new OperationalError(
        'TIMEOUT',
        `url: ${req.method} ${req.url} got no full answer within ${req.timeoutMs} ms`,
        { cause: err },
      );
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.message ?? (err as Error).message;
    throw new OperationalError('NETWORK', `url: ${req.method} ${req.url} failed: ${detail}`, {
      cause: err,
    });
  }
}

function snippet(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text ? `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}` : '';
}

/** The error for a response that is not 2xx: retryable for 408, 429 and 5xx. */
export function statusError(req: Pick<HttpRequest, 'method' | 'url'>, res: HttpResponse): Error {
  const message = `url: ${req.method} ${req.url} answered ${res.status} ${res.statusText}${snippet(res.body)}`;
  return isRetryableStatus(res.status)
    ? new OperationalError(`HTTP_${res.status}`, message)
    : new UserError('BAD_REQUEST', message);
}

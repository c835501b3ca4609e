/**
 * `POST /api/hooks/<path>`: the webhook trigger of an active workflow. Answers with the
 * workflow's output when it finishes (200); with 202 and the execution id at once when the
 * trigger is set to respond immediately, or as soon as the execution stops to wait (an approval,
 * a long delay, HALT). Served by the Flowdeck server, never by Next.js.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../runtime/errors';
import type { Runtime } from '../runtime/runtime';
import type { ExecutionRun } from '../runtime/execution';
import { sendJson } from './respond';

const MAX_BODY_BYTES = 1024 * 1024;
const FORWARDED_HEADERS = [
  'content-type',
  'user-agent',
  'x-request-id',
  'x-signature',
  'x-hub-signature-256',
];

/**
 * The body as text, or null when it is larger than MAX_BODY_BYTES (the rest is then read and
 * dropped, so the 413 answer still reaches the client). Plain 'data'/'end' listeners: an async
 * iterator over the request (`for await`) cost a tenth of the handler's time under load.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume();
        first = more = null;
        resolve(null);
      } else if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size > MAX_BODY_BYTES) return;
      resolve(more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? ''));
    });
    req.once('error', reject);
  });
}

function parseBody(
  text: string,
  contentType: string | undefined,
): { ok: true; body: unknown } | { ok: false; error: string } {
  if (!text) return { ok: true, body: null };
  if (!contentType?.includes('json')) return { ok: true, body: text };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `the body is not valid JSON: ${(err as Error).message}` };
  }
}

/** The path decoded, or null when its percent-encoding is malformed (`%E0%A4%A`, `%zz`). */
function decodePath(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/**
 * @param pathname the request's path, `/api/hooks/<path>` (percent-encoded, as sent)
 * @param search its query string, without the `?` ('' for none)
 */
export async function handleHook(
  req: IncomingMessage,
  res: ServerResponse,
  runtime: Runtime,
  pathname: string,
  search: string,
) {
  const path = decodePath(pathname.slice('/api/hooks/'.length));
  if (path === null)
    return sendJson(res, 400, {
      error: `the path ${pathname} is not valid percent-encoding (each %XX escape must spell UTF-8)`,
    });
  const method = req.method ?? 'POST';
  const route = runtime.triggers.webhook(method, path);
  if (!route)
    return sendJson(res, 404, {
      error: `no active workflow listens for ${method} /api/hooks/${path}`,
    });
  const text = await readBody(req);
  if (text === null)
    return sendJson(res, 413, { error: `the body is larger than ${MAX_BODY_BYTES / 1024} KB` });
  const parsed = parseBody(text, req.headers['content-type']);
  if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
  const headers = Object.fromEntries(
    FORWARDED_HEADERS.filter((h) => req.headers[h]).map((h) => [h, req.headers[h]]),
  );
  const input = {
    method,
    path,
    query: search ? Object.fromEntries(new URLSearchParams(search)) : {},
    headers,
    body: parsed.body,
  };
  let started: ReturnType<Runtime['fireWebhook']>;
  try {
    started = runtime.fireWebhook(route, input);
  } catch (err) {
    // Refused by the emergency level (HALT, SHUTDOWN): try again once it is lifted.
    if (err instanceof UserError && err.code === 'SERVICE_UNAVAILABLE')
      return sendJson(res, 503, { error: err.message });
    throw err;
  }
  // Concurrency "queue": the request waits for its turn behind the run in progress (or, when the
  // hook answers at once, is told where its execution is: it is recorded "queued").
  const queued = started !== null && 'turn' in started ? started : null;
  // A 202 promises the request is taken: its execution is recorded before it is said.
  if (queued && route.respond === 'immediately') {
    await runtime.writer.flush(queued.executionId);
    return sendJson(res, 202, { executionId: queued.executionId, status: 'queued' });
  }
  const run = queued ? await queued.turn : (started as ExecutionRun | null);
  if (!run && queued)
    return sendJson(res, 503, {
      executionId: queued.executionId,
      error:
        'the execution was cancelled before its turn (concurrency: queue): cancelled, the workflow deactivated, or an emergency level',
    });
  if (!run)
    return sendJson(res, 429, {
      error:
        'the workflow is still handling an earlier request (concurrency: skip, or its queue is full); try again',
    });
  if (route.respond === 'immediately') {
    await runtime.writer.flush(run.id);
    return sendJson(res, 202, { executionId: run.id });
  }
  // Until it finishes, or stops to wait (an approval may take days): then 202 and where it is.
  let answered = false;
  run.onPause = () => {
    if (answered) return;
    answered = true;
    sendJson(res, 202, { executionId: run.id, status: run.record.status });
  };
  const record = await run.done;
  if (answered) return;
  if (record.status === 'succeeded') return sendJson(res, 200, record.output ?? null);
  return sendJson(res, record.status === 'cancelled' ? 409 : 500, {
    executionId: record.id,
    status: record.status,
    error: record.error,
  });
}

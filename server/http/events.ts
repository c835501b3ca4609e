/**
 * `GET /api/events?executionId=…|workflowId=…`: server-sent events (see runtime/event-bus/sse.ts).
 * `?scope=executions[&workflowId=…]`: execution-level events only, of every workflow or one
 * (the history list; runtime/event-bus/execution-feed.ts).
 * `?scope=approvals`: every workflow's approval_requested / approval_resolved events.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { formatIssues, toIssues } from '@/lib/zod-issues';
import { APPROVALS_TOPIC } from '../runtime/approvals';
import { streamExecutionFeed } from '../runtime/event-bus/execution-feed';
import { streamEvents, streamTopic, type SseOptions } from '../runtime/event-bus/sse';
import { sendJson } from './respond';

/** `SSE_MAX_STREAM_MS`: streams are recycled after this long (default 15 minutes; 0: never). */
const MAX_STREAM_MS = maxStreamMs(process.env.SSE_MAX_STREAM_MS);

function maxStreamMs(value: string | undefined): number {
  const ms = Number(value ?? 15 * 60_000);
  if (ms === 0) return 0;
  // Shorter than a second would have every client reconnecting in a loop.
  if (!Number.isFinite(ms) || ms < 1_000)
    throw new Error(`SSE_MAX_STREAM_MS: "${value}" must be 0 (never) or at least 1000 ms`);
  return ms;
}

const id = z.string().min(1).max(200);
const querySchema = z
  .object({
    executionId: id.optional(),
    workflowId: id.optional(),
    lastEventId: z.string().max(300).optional(),
    scope: z.enum(['executions', 'approvals']).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.scope === 'executions') {
      if (q.executionId !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'scope=executions takes workflowId or nothing, not executionId',
          path: ['executionId'],
        });
    } else if (q.scope === 'approvals') {
      if (q.executionId !== undefined || q.workflowId !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'scope=approvals takes no executionId or workflowId: give scope=approvals alone',
          path: [q.executionId !== undefined ? 'executionId' : 'workflowId'],
        });
    } else if ((q.executionId === undefined) === (q.workflowId === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'give either executionId or workflowId (exactly one), or a scope',
        path: ['executionId'],
      });
  });

let openStreams = 0;
/** The /api/events streams open in this process, of every kind (for /api/metrics). */
export const openEventStreams = () => openStreams;

/** `deps` is the services object: it streams once it has `bus` and `snapshots`, else 503. */
export async function handleEvents(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Partial<SseOptions> | null,
) {
  const query = querySchema.safeParse(
    Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams),
  );
  if (!query.success) return sendJson(res, 400, { error: formatIssues(toIssues(query.error)) });
  const { bus, snapshots } = deps ?? {};
  if (!bus || !snapshots)
    return sendJson(res, 503, { error: 'the event stream is not available yet' });
  openStreams += 1;
  res.once('close', () => (openStreams -= 1));
  if (query.data.scope === 'approvals')
    return streamTopic(req, res, APPROVALS_TOPIC, { maxStreamMs: MAX_STREAM_MS, ...deps, bus });
  const { executionId, workflowId, lastEventId } = query.data;
  if (query.data.scope === 'executions')
    return streamExecutionFeed(
      req,
      res,
      { workflowId },
      { maxStreamMs: MAX_STREAM_MS, ...deps, bus },
    );
  const filter = executionId !== undefined ? { executionId } : { workflowId: workflowId! };
  // EventSource sends Last-Event-ID on its own reconnects; the query parameter serves a fresh page.
  const header = req.headers['last-event-id'];
  const resumeFrom = (Array.isArray(header) ? header[0] : header) ?? lastEventId;
  await streamEvents(
    req,
    res,
    { filter, lastEventId: resumeFrom },
    { maxStreamMs: MAX_STREAM_MS, ...deps, bus, snapshots },
  );
}

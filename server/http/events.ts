/**
 * `GET /api/events?executionId=…|workflowId=…`: server-sent events (see runtime/event-bus/sse.ts).
 * `?scope=approvals`: every workflow's approval_requested / approval_resolved events.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { formatIssues, toIssues } from '@/lib/zod-issues';
import { APPROVALS_TOPIC } from '../runtime/approvals';
import { streamEvents, streamTopic, type SseOptions } from '../runtime/event-bus/sse';
import { sendJson } from './respond';

const id = z.string().min(1).max(200);
const querySchema = z
  .object({
    executionId: id.optional(),
    workflowId: id.optional(),
    lastEventId: z.string().max(300).optional(),
    scope: z.enum(['approvals']).optional(),
  })
  .refine(
    (q) =>
      q.scope !== undefined
        ? q.executionId === undefined && q.workflowId === undefined
        : (q.executionId === undefined) !== (q.workflowId === undefined),
    {
      message: 'give either executionId or workflowId (exactly one), or scope=approvals alone',
      path: ['executionId'],
    },
  );

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
  if (query.data.scope === 'approvals')
    return streamTopic(req, res, APPROVALS_TOPIC, { ...deps, bus });
  const { executionId, workflowId, lastEventId } = query.data;
  const filter = executionId !== undefined ? { executionId } : { workflowId: workflowId! };
  // EventSource sends Last-Event-ID on its own reconnects; the query parameter serves a fresh page.
  const header = req.headers['last-event-id'];
  const resumeFrom = (Array.isArray(header) ? header[0] : header) ?? lastEventId;
  await streamEvents(req, res, { filter, lastEventId: resumeFrom }, { ...deps, bus, snapshots });
}

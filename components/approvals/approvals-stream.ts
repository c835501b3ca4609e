'use client';
/**
 * The approvals stream (`GET /api/events?scope=approvals`: approval_requested and
 * approval_resolved of every workflow), opened once per browser and shared by the header badge
 * and the approvals page of every tab (components/ui/shared-stream.ts).
 *
 * It also remembers the decisions it hears of, newest first, so the approvals page can show
 * what was decided lately and by whom, whichever tab or process decided.
 */
import type { RuntimeEvent } from '@/lib/events';
import { subscribeStream } from '../ui/shared-stream';

export type Decision = {
  approvalId: string;
  workflowId: string;
  decision: 'approved' | 'rejected' | 'timed_out' | 'withdrawn';
  by: string;
  comment?: string | null;
  decidedAt: Date;
  details?: unknown;
};

type Resolved = Extract<RuntimeEvent, { type: 'approval_resolved' }>;

const MAX_DECISIONS = 20;
const STREAM = '/api/events?scope=approvals';
const TYPES = ['approval_requested', 'approval_resolved'] as const;
let decisions: Decision[] = [];
const decisionListeners = new Set<() => void>();

/**
 * Records a decision from the stream or from this tab's own click, merged per approval: the
 * event names who decided as the server recorded it; the click knows the details and comment.
 */
export function recordDecision(d: Decision, from: 'event' | 'click') {
  const i = decisions.findIndex((x) => x.approvalId === d.approvalId);
  if (i >= 0) {
    const known = decisions[i]!;
    const merged: Decision =
      from === 'event'
        ? { ...known, by: d.by, decision: d.decision }
        : { ...d, by: known.by, decidedAt: known.decidedAt, workflowId: known.workflowId };
    merged.comment ??= known.comment ?? d.comment;
    merged.details ??= known.details ?? d.details;
    decisions = decisions.with(i, merged);
  } else decisions = [d, ...decisions].slice(0, MAX_DECISIONS);
  for (const l of decisionListeners) l();
}

export function subscribeDecisions(listener: () => void) {
  decisionListeners.add(listener);
  return () => void decisionListeners.delete(listener);
}

export const getDecisions = () => decisions;
export const getNoDecisions = (): Decision[] => [];

function heard(type: string, data: string) {
  if (type !== 'approval_resolved') return;
  try {
    const e = JSON.parse(data) as Resolved;
    recordDecision(
      {
        approvalId: e.approvalId,
        workflowId: e.workflowId,
        decision: e.decision,
        by: e.by,
        decidedAt: new Date(e.ts),
      },
      'event',
    );
  } catch {
    // A frame that is not JSON records nothing; the listener still refetches.
  }
}

/**
 * Calls `listener` on every approval event and on each (re)connect, which may have missed some;
 * returns the unsubscribe.
 */
export function subscribeApprovals(listener: () => void): () => void {
  return subscribeStream(STREAM, TYPES, (type, data) => {
    heard(type, data);
    listener();
  });
}

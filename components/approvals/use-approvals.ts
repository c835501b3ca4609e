'use client';
/**
 * Pending approvals (`runtime.approvals`, oldest first) and the latest decisions, refetched the
 * moment the approvals stream says one was requested or decided, and every 15 s in case the
 * stream is down.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useTRPC, type RouterOutputs } from '@/lib/trpc/client';
import {
  type Decision,
  getDecisions,
  getNoDecisions,
  subscribeApprovals,
  subscribeDecisions,
} from './approvals-stream';

export type PendingApproval = RouterOutputs['runtime']['approvals'][number];

export function usePendingApprovals() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery(
    trpc.runtime.approvals.queryOptions(undefined, { refetchInterval: 15_000 }),
  );
  useEffect(
    () =>
      subscribeApprovals(() => {
        void queryClient.invalidateQueries({ queryKey: trpc.runtime.approvals.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.runtime.decidedApprovals.queryKey() });
      }),
    [queryClient, trpc],
  );
  return pending;
}

const LIMIT = 20;

/**
 * The latest decisions, newest first: those on record (`runtime.decidedApprovals`) and those
 * heard of on the stream since the page opened (they show before the record is refetched).
 */
export function useRecentDecisions(): Decision[] {
  const trpc = useTRPC();
  const heard = useSyncExternalStore(subscribeDecisions, getDecisions, getNoDecisions);
  const stored = useQuery(trpc.runtime.decidedApprovals.queryOptions({ limit: LIMIT }));
  return useMemo(() => {
    const byId = new Map<string, Decision>();
    for (const a of stored.data ?? [])
      if (a.status !== 'pending')
        byId.set(a.id, {
          approvalId: a.id,
          workflowId: a.workflowId,
          decision: a.status,
          by: a.decidedBy ?? 'unknown',
          comment: a.comment,
          decidedAt: a.decidedAt ?? a.requestedAt,
          details: a.details,
        });
    // What this page heard first wins only until the record has it (the record names the user).
    for (const d of heard) if (!byId.has(d.approvalId)) byId.set(d.approvalId, d);
    return [...byId.values()]
      .sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime())
      .slice(0, LIMIT);
  }, [heard, stored.data]);
}

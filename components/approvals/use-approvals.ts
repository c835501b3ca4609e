'use client';
/**
 * Pending approvals (`runtime.approvals`, oldest first), refetched the moment the approvals
 * stream says one was requested or decided, and every 15 s in case the stream is down.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useTRPC, type RouterOutputs } from '@/lib/trpc/client';
import {
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
      subscribeApprovals(
        () => void queryClient.invalidateQueries({ queryKey: trpc.runtime.approvals.queryKey() }),
      ),
    [queryClient, trpc],
  );
  return pending;
}

/** Decisions heard of since the page opened, newest first. */
export function useRecentDecisions() {
  return useSyncExternalStore(subscribeDecisions, getDecisions, getNoDecisions);
}

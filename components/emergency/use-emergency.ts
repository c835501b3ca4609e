'use client';
/**
 * The emergency level for the page: the `emergency.get` query, refreshed the moment a change is
 * broadcast (SSE `emergency_state_changed` on the `emergency` stream), in any process or tab.
 *
 * One EventSource per page, shared by every component that asks: browsers allow only six
 * connections per host over HTTP/1.1, and each open stream holds one of them.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/lib/trpc/client';

let source: EventSource | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/events?workflowId=emergency');
    source.addEventListener('emergency_state_changed', () => {
      for (const l of listeners) l();
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}

export function useEmergency() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.emergency.get.queryOptions(undefined, { refetchInterval: 30_000 }));

  useEffect(
    () =>
      subscribe(() => {
        void queryClient.invalidateQueries({ queryKey: trpc.emergency.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.emergency.log.queryKey() });
      }),
    [queryClient, trpc],
  );

  return state;
}

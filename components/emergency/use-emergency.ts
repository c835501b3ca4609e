'use client';
/**
 * The emergency level for the page: the `emergency.get` query, refreshed the moment a change is
 * broadcast (SSE `emergency_state_changed` on the `emergency` stream), in any process or tab.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/lib/trpc/client';

export function useEmergency() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.emergency.get.queryOptions(undefined, { refetchInterval: 30_000 }));

  useEffect(() => {
    const source = new EventSource('/api/events?workflowId=emergency');
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: trpc.emergency.get.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.emergency.log.queryKey() });
    };
    source.addEventListener('emergency_state_changed', refresh);
    return () => source.close();
  }, [queryClient, trpc]);

  return state;
}

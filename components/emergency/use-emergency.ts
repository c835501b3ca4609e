'use client';
/**
 * The emergency level for the page: the `emergency.get` query, refreshed the moment a change is
 * broadcast (SSE `emergency_state_changed` on the `emergency` stream), in any process or tab.
 *
 * The stream is opened once per browser and shared by every tab and component that asks
 * (components/ui/shared-stream.ts): each open stream holds one of the six connections per host
 * that browsers allow over HTTP/1.1.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import { subscribeStream } from '../ui/shared-stream';

const STREAM = '/api/events?workflowId=emergency';
const TYPES = ['emergency_state_changed'] as const;

export function useEmergency() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.emergency.get.queryOptions(undefined, { refetchInterval: 30_000 }));

  useEffect(
    () =>
      // Any event, and each (re)connect, which may have missed one: read the level again.
      subscribeStream(STREAM, TYPES, () => {
        void queryClient.invalidateQueries({ queryKey: trpc.emergency.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.emergency.log.queryKey() });
      }),
    [queryClient, trpc],
  );

  return state;
}

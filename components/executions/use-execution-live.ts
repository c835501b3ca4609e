'use client';
/**
 * Keeps an open execution's detail current while it runs: its event stream
 * (`/api/events?executionId=…`) triggers a refetch of the detail and the logs, at most a few
 * times a second, and closes once the execution has finished.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { runtimeEventSchema } from '@/lib/events';
import { useTRPC } from '@/lib/trpc/client';

const eventTypes = [...runtimeEventSchema.options.map((o) => o.shape.type.value), 'snapshot'];
const terminal = new Set(['execution_completed', 'execution_failed', 'execution_cancelled']);
const REFRESH_DELAY_MS = 300;

export function useExecutionLive(executionId: string, isActive: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!isActive) return;
    const source = new EventSource(`/api/events?executionId=${encodeURIComponent(executionId)}`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer = null;
      void queryClient.invalidateQueries({
        queryKey: trpc.executions.get.queryKey({ id: executionId }),
      });
      void queryClient.invalidateQueries({
        queryKey: trpc.executions.logs.queryKey({ id: executionId }),
      });
    };
    const onMessage = (message: MessageEvent<string>) => {
      // The first frame is a snapshot of what the page already fetched: nothing new.
      if (message.type === 'snapshot') return;
      timer ??= setTimeout(refresh, REFRESH_DELAY_MS);
      if (terminal.has(message.type)) source.close();
    };
    for (const type of eventTypes) source.addEventListener(type, onMessage);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [executionId, isActive, queryClient, trpc]);
}

'use client';
/**
 * Execution-level events of every workflow (or one), from `GET /api/events?scope=executions`:
 * started, completed, failed, halted, resumed, cancelled. The list uses them to show new
 * executions live; it refetches rather than building rows from events, so a row always shows
 * what the server stored.
 */
import { useEffect, useRef } from 'react';
import { executionEventTypes } from '@/lib/events';

/** An execution-level event, or `reconnected`: the stream was down a moment (it has no replay). */
export type FeedEvent = { type: string; executionId: string; workflowId: string };

export function useExecutionFeed(workflowId: string | undefined, onEvent: (e: FeedEvent) => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    const query = new URLSearchParams({ scope: 'executions' });
    if (workflowId) query.set('workflowId', workflowId);
    const source = new EventSource(`/api/events?${query}`);
    const onMessage = (message: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(message.data) as FeedEvent);
      } catch {
        // A frame that is not JSON (a proxy's keep-alive) carries no event.
      }
    };
    for (const type of executionEventTypes) source.addEventListener(type, onMessage);
    // Streams are recycled (SSE_MAX_STREAM_MS) and networks drop: what happened in between is
    // not replayed, so a reopened stream tells the list to look again.
    let opened = false;
    source.addEventListener('open', () => {
      if (opened) handler.current({ type: 'reconnected', executionId: '', workflowId: '' });
      opened = true;
    });
    return () => source.close();
  }, [workflowId]);
}

'use client';
/**
 * Execution-level events of every workflow (or one), from `GET /api/events?scope=executions`:
 * started, completed, failed, halted, resumed, cancelled. The list uses them to show new
 * executions live; it refetches rather than building rows from events, so a row always shows
 * what the server stored.
 */
import { useEffect, useRef } from 'react';

export type FeedEvent = { type: string; executionId: string; workflowId: string };

const feedTypes = [
  'execution_started',
  'execution_completed',
  'execution_failed',
  'execution_halted',
  'execution_resumed',
  'execution_cancelled',
];

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
    for (const type of feedTypes) source.addEventListener(type, onMessage);
    return () => source.close();
  }, [workflowId]);
}

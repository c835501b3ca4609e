'use client';
/**
 * Streams run events into the editor store from `GET /api/events` (server-sent events):
 * - the workflow's stream while the page is open, so a page opened mid-run shows the current
 *   statuses at once (its first frames are snapshots) and runs started by triggers light up too;
 * - an execution's stream after Run, which starts with a snapshot and the backlog, so a run that
 *   finishes before the page hears of it still shows every status.
 * Whatever arrives is applied once per animation frame; the store drops what it already has, so
 * the two streams and EventSource's reconnects (with Last-Event-ID) never double an event.
 */
import { useEffect, useState } from 'react';
import { runtimeEventSchema, type ExecutionSnapshot, type RuntimeEvent } from '@/lib/events';
import type { EditorStore } from './store';
import { useEditorStoreApi } from './store-provider';

type Item = RuntimeEvent | ExecutionSnapshot;

const eventTypes = [...runtimeEventSchema.options.map((o) => o.shape.type.value), 'snapshot'];
const terminal = new Set(['execution_completed', 'execution_failed', 'execution_cancelled']);

/** Opens an EventSource and feeds the store per animation frame; returns the cleanup. */
function stream(url: string, store: EditorStore, { closeWhenDone = false } = {}) {
  const source = new EventSource(url);
  let pending: Item[] = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    const batch = pending;
    pending = [];
    store.getState().applyRunBatch(batch);
  };
  const onMessage = (message: MessageEvent<string>) => {
    let item: Item;
    try {
      item = JSON.parse(message.data) as Item;
    } catch {
      return;
    }
    pending.push(item);
    frame ||= requestAnimationFrame(flush);
    if (closeWhenDone && terminal.has(item.type)) source.close();
  };
  for (const type of eventTypes) source.addEventListener(type, onMessage);
  return () => {
    source.close();
    if (frame) cancelAnimationFrame(frame);
    if (pending.length > 0) flush();
  };
}

/** Subscribes the store to the workflow's events; returns `watch(executionId)` for Run. */
export function useExecutionEvents(workflowId: string) {
  const store = useEditorStoreApi();
  const [executionId, setExecutionId] = useState<string | null>(null);

  useEffect(
    () => stream(`/api/events?workflowId=${encodeURIComponent(workflowId)}`, store),
    [store, workflowId],
  );

  useEffect(() => {
    if (!executionId) return;
    store.getState().followExecution(executionId);
    return stream(`/api/events?executionId=${encodeURIComponent(executionId)}`, store, {
      closeWhenDone: true,
    });
  }, [executionId, store]);

  return { watch: setExecutionId };
}

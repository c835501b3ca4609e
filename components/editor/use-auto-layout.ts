'use client';
/**
 * Auto-layout: sends the graph's shape to a Web Worker running ELK, then moves the nodes in one
 * undoable step and fits the view. The worker starts on first use and lives with the page.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';
import { useEditorStoreApi } from './store-provider';

export function useAutoLayout() {
  const store = useEditorStoreApi();
  const toast = useToast();
  const { fitView } = useReactFlow();
  const worker = useRef<Worker | null>(null);
  const [isArranging, setIsArranging] = useState(false);

  useEffect(() => () => worker.current?.terminate(), []);

  const arrange = useCallback(async () => {
    const { nodes, edges } = store.getState();
    if (nodes.length === 0) return;
    worker.current ??= new Worker(new URL('./layout.worker.ts', import.meta.url), {
      type: 'module',
    });
    const w = worker.current;
    const request: LayoutRequest = {
      requestId: Date.now(),
      nodes: nodes.map((n) => ({
        id: n.id,
        width: n.measured?.width ?? 224,
        height: n.measured?.height ?? 80,
      })),
      edges: edges.map(({ id, source, target }) => ({ id, source, target })),
    };
    setIsArranging(true);
    try {
      const response = await new Promise<LayoutResponse>((resolve) => {
        const onMessage = (e: MessageEvent<LayoutResponse>) => {
          if (e.data.requestId !== request.requestId) return;
          w.removeEventListener('message', onMessage);
          resolve(e.data);
        };
        w.addEventListener('message', onMessage);
        w.postMessage(request);
      });
      if (!response.positions) throw new Error(response.error ?? 'no positions');
      store.getState().setPositions(response.positions);
      requestAnimationFrame(() => void fitView({ padding: 0.2, duration: 300 }));
    } catch (err) {
      toast.error(`Could not arrange the nodes: ${(err as Error).message}`);
    } finally {
      setIsArranging(false);
    }
  }, [fitView, store, toast]);

  return { arrange, isArranging };
}

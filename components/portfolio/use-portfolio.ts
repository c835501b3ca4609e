'use client';
/**
 * The paper venue's book (`portfolio.get`): positions, PnL and recent orders, of one workflow or
 * of all. Polled every 5 s as a fallback; the editor also refetches it as soon as one of its
 * paper-order or price-feed nodes finishes (usePortfolioRefresh).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EditorStore } from '@/components/editor/store';
import { useTRPC, type RouterOutputs } from '@/lib/trpc/client';

export type Portfolio = RouterOutputs['portfolio']['get'];
export type PortfolioOrder = Portfolio['orders'][number];
export type PortfolioPosition = Portfolio['positions'][number];

export const ORDER_NODE_TYPE = 'paper-order';
/** Node types whose runs change the book: orders fill, price feeds mark positions. */
const BOOK_NODE_TYPES = new Set([ORDER_NODE_TYPE, 'price-feed']);

export function usePortfolio(workflowId?: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.portfolio.get.queryOptions(workflowId ? { workflowId } : {}, { refetchInterval: 5_000 }),
  );
}

/**
 * Refetches the workflow's book whenever a paper-order node (a fill) or a price feed (new marks,
 * so unrealised PnL) of the editor's store records a new result (node_completed / node_failed
 * from the workflow's event stream), at most every 300 ms.
 */
export function usePortfolioRefresh(store: EditorStore, workflowId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer = 0;
    const refetch = () => {
      timer = 0;
      void queryClient.invalidateQueries({ queryKey: trpc.portfolio.get.queryKey({ workflowId }) });
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.results === prev.results || timer) return;
      const changed = s.nodes.some(
        (n) => BOOK_NODE_TYPES.has(n.data.type) && s.results[n.id] !== prev.results[n.id],
      );
      if (changed) timer = window.setTimeout(refetch, 300);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [queryClient, store, trpc, workflowId]);
}

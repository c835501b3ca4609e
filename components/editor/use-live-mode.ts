'use client';
/**
 * Live mode (Unity's Play Mode): while the workflow is active or a run is going, inspector edits
 * go to the runtime's live-props overlay through `runtime.patchProps` (debounced while
 * scrubbing) instead of the graph, and the next run of the node uses them. The overrides live in
 * the store's `overrides`, loaded from `runtime.liveProps` and kept current by the
 * `props_changed` events of the workflow's SSE stream (use-execution-events.ts), so a second tab
 * sees every edit. Apply saves them as a new version (and loads it); Revert drops them.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useToast } from '@/components/ui/toast';
import { useTRPC, useTRPCClient } from '@/lib/trpc/client';
import { useEditorStore, useEditorStoreApi } from './store-provider';

const DEBOUNCE_MS = 100;
const LIVE_RUN = new Set(['queued', 'running', 'waiting', 'halted']);

export type LiveMode = {
  isLive: boolean;
  patch(nodeId: string, field: string, value: unknown): void;
  apply(): Promise<void>;
  revert(nodeId?: string): Promise<void>;
};

const LiveModeContext = createContext<LiveMode>({
  isLive: false,
  patch: () => {},
  apply: async () => {},
  revert: async () => {},
});

export const LiveModeProvider = LiveModeContext.Provider;
export const useLive = () => useContext(LiveModeContext);

export function useLiveMode(workflowId: string): LiveMode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  const toast = useToast();
  const isRunning = useEditorStore((s) => (s.run ? LIVE_RUN.has(s.run.status) : false));
  const detail = useQuery(
    trpc.workflows.get.queryOptions({ id: workflowId }, { refetchInterval: 5_000 }),
  );
  const isLive = Boolean(detail.data?.isActive) || isRunning;
  const overrides = useQuery(
    trpc.runtime.liveProps.queryOptions({ workflowId }, { enabled: isLive, staleTime: 0 }),
  );
  useEffect(() => {
    if (overrides.data) store.getState().setOverrides(overrides.data.overrides);
  }, [overrides.data, store]);

  const pending = useRef(new Map<string, { timer: number; props: Record<string, unknown> }>());
  const inflight = useRef(new Set<Promise<unknown>>());
  const send = useCallback(
    (nodeId: string) => {
      const entry = pending.current.get(nodeId);
      if (!entry) return;
      window.clearTimeout(entry.timer);
      pending.current.delete(nodeId);
      const sent = client.runtime.patchProps
        .mutate({ workflowId, nodeId, props: entry.props })
        .then((r) => store.getState().setNodeOverrides(nodeId, r.props))
        .catch((err: Error) => {
          toast.error(`Not applied: ${err.message}`);
          void overrides.refetch();
        })
        .finally(() => inflight.current.delete(sent));
      inflight.current.add(sent);
    },
    [client, overrides, store, toast, workflowId],
  );
  /** Sends what the debounce still holds and waits for every patch on its way. */
  const flush = useCallback(async () => {
    for (const nodeId of [...pending.current.keys()]) send(nodeId);
    await Promise.allSettled([...inflight.current]);
  }, [send]);

  const patch = useCallback(
    (nodeId: string, field: string, value: unknown) => {
      const s = store.getState();
      s.setNodeOverrides(nodeId, { ...s.overrides[nodeId], [field]: value });
      const entry = pending.current.get(nodeId) ?? { timer: 0, props: {} };
      entry.props[field] = value;
      window.clearTimeout(entry.timer);
      entry.timer = window.setTimeout(() => send(nodeId), DEBOUNCE_MS);
      pending.current.set(nodeId, entry);
    },
    [send, store],
  );

  const apply = useCallback(async () => {
    try {
      await flush();
      const result = await client.runtime.applyProps.mutate({ workflowId });
      const { workflow } = await client.workflows.get.query({ id: workflowId });
      const s = store.getState();
      s.setOverrides({});
      if (s.dirty) toast.success(`Saved as version ${result.version}; your unsaved edits stay.`);
      else {
        s.load(workflow);
        toast.success(`Applied to the workflow — v${result.version}.`);
      }
      await queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey() });
    } catch (err) {
      toast.error(`Could not apply: ${(err as Error).message}`);
    }
  }, [client, flush, queryClient, store, toast, trpc, workflowId]);

  const revert = useCallback(
    async (nodeId?: string) => {
      try {
        await flush();
        await client.runtime.revertProps.mutate({ workflowId, nodeId });
        if (nodeId) store.getState().setNodeOverrides(nodeId, {});
        else store.getState().setOverrides({});
      } catch (err) {
        toast.error(`Could not revert: ${(err as Error).message}`);
      }
    },
    [client, flush, store, toast, workflowId],
  );

  return useMemo(() => ({ isLive, patch, apply, revert }), [isLive, patch, apply, revert]);
}

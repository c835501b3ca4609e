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
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useToast } from '@/components/ui/toast';
import { useTRPC, useTRPCClient } from '@/lib/trpc/client';
import { refusals, type Issue } from './live-refusals';
import { useEditorStore, useEditorStoreApi } from './store-provider';

const DEBOUNCE_MS = 100;
const LIVE_RUN = new Set(['queued', 'running', 'waiting', 'halted']);

export type LiveMode = {
  isLive: boolean;
  workflowId: string;
  patch(nodeId: string, field: string, value: unknown): void;
  apply(): Promise<void>;
  /** Drops the overrides of every node, of one node, or of one field of one node. */
  revert(nodeId?: string, field?: string): Promise<void>;
  /** Why the runtime refused the last live value of a field (`fieldKey(nodeId, field)`). */
  errors: Readonly<Record<string, string>>;
  /** Sends the changes the debounce still holds and waits until the runtime has them all. */
  flush(): Promise<void>;
};

export const fieldKey = (nodeId: string, field: string) => `${nodeId}\u0000${field}`;

const LiveModeContext = createContext<LiveMode>({
  isLive: false,
  workflowId: '',
  patch: () => {},
  apply: async () => {},
  revert: async () => {},
  errors: {},
  flush: async () => {},
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
    // Refetched now and then too: a change made in another tab while this tab's event stream
    // was reconnecting has no replay.
    trpc.runtime.liveProps.queryOptions(
      { workflowId },
      { enabled: isLive, staleTime: 0, refetchInterval: isLive ? 10_000 : false },
    ),
  );
  useEffect(() => {
    if (overrides.data) store.getState().setOverrides(overrides.data.overrides);
  }, [overrides.data, store]);

  const [errors, setErrors] = useState<Record<string, string>>({});
  const clearErrors = useCallback((keys: (key: string) => boolean) => {
    setErrors((current) => {
      const kept = Object.entries(current).filter(([key]) => !keys(key));
      return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept);
    });
  }, []);

  const pending = useRef(new Map<string, { timer: number; props: Record<string, unknown> }>());
  const inflight = useRef(new Set<Promise<unknown>>());
  const send = useCallback(
    (nodeId: string) => {
      const entry = pending.current.get(nodeId);
      if (!entry) return;
      window.clearTimeout(entry.timer);
      pending.current.delete(nodeId);
      const fields = Object.keys(entry.props);
      const sent = client.runtime.patchProps
        .mutate({ workflowId, nodeId, props: entry.props })
        .then((r) => {
          store.getState().setNodeOverrides(nodeId, r.props);
          const done = new Set(fields.map((f) => fieldKey(nodeId, f)));
          clearErrors((key) => done.has(key));
        })
        .catch((err: Error & { data?: { issues?: Issue[] | null } }) => {
          // Shown under each refused field, which goes back to the value in force.
          const refused = refusals(fields, err.message, err.data?.issues);
          setErrors((current) => {
            const next = { ...current };
            for (const [field, why] of Object.entries(refused))
              next[fieldKey(nodeId, field)] = `Not applied: ${why}`;
            return next;
          });
          // Put back what the runtime holds: the refused values (the whole batch) were never
          // applied, and an unchanged query result would not trigger the effect that loads it.
          void overrides.refetch().then((r) => {
            if (r.data) store.getState().setOverrides(r.data.overrides);
          });
        })
        .finally(() => inflight.current.delete(sent));
      inflight.current.add(sent);
    },
    [client, clearErrors, overrides, store, workflowId],
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
    async (nodeId?: string, field?: string) => {
      try {
        await flush();
        await client.runtime.revertProps.mutate({ workflowId, nodeId, field });
        const s = store.getState();
        if (nodeId && field) {
          const { [field]: _dropped, ...kept } = s.overrides[nodeId] ?? {};
          s.setNodeOverrides(nodeId, kept);
        } else if (nodeId) s.setNodeOverrides(nodeId, {});
        else s.setOverrides({});
        clearErrors((key) =>
          !nodeId
            ? true
            : field
              ? key === fieldKey(nodeId, field)
              : key.startsWith(`${nodeId}\u0000`),
        );
      } catch (err) {
        toast.error(`Could not revert: ${(err as Error).message}`);
      }
    },
    [client, clearErrors, flush, store, toast, workflowId],
  );

  return useMemo(
    () => ({ isLive, workflowId, patch, apply, revert, errors, flush }),
    [isLive, workflowId, patch, apply, revert, errors, flush],
  );
}

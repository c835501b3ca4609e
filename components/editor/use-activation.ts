'use client';
/**
 * Activate and deactivate the workflow from its editor. Activation runs the stored version, so
 * unsaved edits are saved first (as Run does). Deactivating with unapplied live overrides does
 * not guess: it asks (Unity's "keep Play Mode changes?"), here through `askKeep`, which the
 * keep-or-drop dialog answers; the server refuses a deactivation without a choice anyway
 * (CONFLICT), which covers overrides made in another tab that this one has not heard of yet.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import { useTRPC, useTRPCClient } from '@/lib/trpc/client';
import { useEditorStore, useEditorStoreApi } from './store-provider';

export type KeepChoice = 'apply' | 'discard';

const countOverrides = (o: Record<string, Record<string, unknown>>) =>
  Object.values(o).reduce((n, props) => n + Object.keys(props).length, 0);

/**
 * @param flushLive sends the live changes still held by the debounce (use-live-mode): a
 *   deactivation must not overtake the change made just before it, or "Apply" would save without it.
 */
export function useActivation(save: () => Promise<boolean>, flushLive: () => Promise<void>) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  const toast = useToast();
  const workflowId = useEditorStore((s) => s.meta.id);
  const detail = useQuery(
    trpc.workflows.get.queryOptions({ id: workflowId }, { refetchInterval: 5_000 }),
  );
  const isActive = Boolean(detail.data?.isActive);
  const [isBusy, setIsBusy] = useState(false);
  /** Set while the keep-or-drop dialog is open: how many overrides it is about. */
  const [asking, setAsking] = useState<number | null>(null);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
    [queryClient, trpc],
  );

  const activate = useCallback(async () => {
    setIsBusy(true);
    try {
      if (store.getState().dirty && !(await save())) return;
      const r = await client.runtime.activate.mutate({ workflowId });
      toast.success(`Active — version ${r.version} runs on its triggers.`);
    } catch (err) {
      toast.error(`Could not activate: ${(err as Error).message}`);
    } finally {
      setIsBusy(false);
      await refresh();
    }
  }, [client, refresh, save, store, toast, workflowId]);

  const deactivate = useCallback(
    async (overrides?: KeepChoice) => {
      const known = countOverrides(store.getState().overrides);
      if (!overrides && known > 0) return setAsking(known);
      setIsBusy(true);
      try {
        await flushLive();
        const r = await client.runtime.deactivate.mutate({ workflowId, overrides });
        setAsking(null);
        const s = store.getState();
        s.setOverrides({});
        if (r.overrides === 'applied') {
          const { workflow } = await client.workflows.get.query({ id: workflowId });
          if (s.dirty) toast.success(`Stopped; live changes saved as version ${r.version}.`);
          else {
            s.load(workflow);
            toast.success(`Stopped; live changes saved as version ${workflow.version}.`);
          }
        } else if (r.overrides === 'discarded') toast.success('Stopped; live changes discarded.');
        else toast.success('Stopped: the workflow no longer runs on its triggers.');
      } catch (err) {
        if (err instanceof TRPCClientError && err.data?.code === 'CONFLICT' && !overrides) {
          // Overrides this tab did not know of: ask about them too.
          const { overrides: latest } = await client.runtime.liveProps.query({ workflowId });
          store.getState().setOverrides(latest);
          setAsking(Math.max(1, countOverrides(latest)));
        } else toast.error(`Could not deactivate: ${(err as Error).message}`);
      } finally {
        setIsBusy(false);
        await refresh();
      }
    },
    [client, flushLive, refresh, store, toast, workflowId],
  );

  return {
    isActive,
    isKnown: detail.data !== undefined,
    isBusy,
    asking,
    toggle: () => void (isActive ? deactivate() : activate()),
    keep: (choice: KeepChoice) => void deactivate(choice),
    cancelAsk: () => setAsking(null),
  };
}

export type Activation = ReturnType<typeof useActivation>;

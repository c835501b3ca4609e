'use client';
/**
 * Run and cancel. Run saves unsaved changes first (an execution runs a stored version), then
 * starts that version and watches its events.
 */
import { useCallback, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import { useTRPCClient } from '@/lib/trpc/client';
import { useEditorStoreApi } from './store-provider';

export function useRun({
  save,
  watch,
}: {
  save: () => Promise<boolean>;
  watch: (executionId: string) => void;
}) {
  const store = useEditorStoreApi();
  const client = useTRPCClient();
  const toast = useToast();
  const [isStarting, setIsStarting] = useState(false);

  const run = useCallback(
    async (input?: unknown) => {
      setIsStarting(true);
      try {
        if (store.getState().dirty && !(await save())) return;
        const { id, version } = store.getState().meta;
        const { executionId } = await client.runtime.run.mutate({ workflowId: id, version, input });
        watch(executionId);
      } catch (err) {
        toast.error(`Could not run: ${(err as Error).message}`);
      } finally {
        setIsStarting(false);
      }
    },
    [client, save, store, toast, watch],
  );

  const cancel = useCallback(async () => {
    const executionId = store.getState().run?.executionId;
    if (!executionId) return;
    try {
      await client.runtime.cancel.mutate({ executionId });
    } catch (err) {
      toast.error(`Could not cancel: ${(err as Error).message}`);
    }
  }, [client, store, toast]);

  return { run, cancel, isStarting };
}

'use client';
/**
 * Run and cancel. Run saves unsaved changes first (an execution runs a stored version), then
 * starts that version and watches its events.
 */
import { useCallback, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import { useTRPCClient } from '@/lib/trpc/client';
import { issuesByNode, type Issue } from './save-issues';
import { selectWorkflow } from './selectors';
import { useEditorStoreApi } from './store-provider';
import { withNodeNames } from './use-save';

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
        // Refused for something on the canvas (an input left unconnected): marked on its node.
        const issues = (err as { data?: { issues?: Issue[] | null } }).data?.issues ?? [];
        const wf = selectWorkflow(store.getState());
        if (issues.length > 0) store.getState().setSaveIssues(issuesByNode(issues, wf), 'run');
        toast.error(`Could not run: ${withNodeNames((err as Error).message, wf)}`);
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

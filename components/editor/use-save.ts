'use client';
/**
 * Saving the workflow: sends the whole JSON with the version it was loaded at. A CONFLICT (saved
 * elsewhere meanwhile) is kept for the conflict dialog, which can reload the latest version or
 * save this one on top of it. A refused save names the broken rules, with node names.
 */
import { useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import { issuesByNode, type Issue } from './save-issues';
import type { Workflow } from '@/lib/workflow';
import { useTRPC, useTRPCClient } from '@/lib/trpc/client';
import { selectWorkflow } from './selectors';
import { useEditorStoreApi } from './store-provider';

function isConflict(err: unknown): err is TRPCClientError<never> {
  return err instanceof TRPCClientError && err.data?.code === 'CONFLICT';
}

/**
 * `nodes[2].props.url (node "fetch"): …` → `“Fetch price” props.url: …`, so the user can find the
 * node by the name they gave it (the server adds the id for API clients).
 */
export function withNodeNames(message: string, wf: Workflow): string {
  return message
    .replace(/nodes\[(\d+)\]\.?/g, (text, i: string) => {
      const node = wf.nodes[Number(i)];
      return node ? `“${node.name}” ` : text;
    })
    .replace(/ \(node "[^"\n]*"\)(?=:)/g, '');
}

export function useSave() {
  const store = useEditorStoreApi();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [isSaving, setIsSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);

  const save = useCallback(
    async ({ overwrite = false } = {}): Promise<boolean> => {
      const state = store.getState();
      const revision = state.revision;
      const wf = selectWorkflow(state);
      setIsSaving(true);
      try {
        const { workflow, activeKept } = await client.workflows.save.mutate({
          workflow: wf,
          overwrite,
        });
        store.getState().markSaved(workflow, revision);
        setConflict(null);
        // An active workflow fires the saved version from now on, unless it cannot be armed.
        if (activeKept)
          toast.error(
            `Saved v${workflow.version}, but it could not be activated: ${activeKept.reason}. v${activeKept.keptVersion} stays active.`,
          );
        else toast.success(`Saved — v${workflow.version}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        return true;
      } catch (err) {
        if (isConflict(err)) setConflict(err.message);
        else {
          const issues = (err as { data?: { issues?: Issue[] | null } }).data?.issues ?? [];
          const placed = issuesByNode(issues, wf);
          store.getState().setSaveIssues(placed);
          const onNodes = Object.keys(placed).filter((id) => id !== '').length;
          toast.error(
            onNodes > 0 && !placed['']
              ? `Not saved: ${onNodes === 1 ? 'a node needs' : `${onNodes} nodes need`} fixing (marked on the canvas).`
              : `Could not save: ${withNodeNames(String((err as Error).message), wf)}`,
          );
        }
        return false;
      } finally {
        setIsSaving(false);
      }
    },
    [client, queryClient, store, toast, trpc],
  );

  const reload = useCallback(async () => {
    try {
      const { workflow } = await client.workflows.get.query({ id: store.getState().meta.id });
      store.getState().load(workflow);
      setConflict(null);
      toast.success(`Reloaded — v${workflow.version}.`);
    } catch (err) {
      toast.error(`Could not reload: ${(err as Error).message}`);
    }
  }, [client, store, toast]);

  return { save, isSaving, conflict, reload, dismissConflict: () => setConflict(null) };
}

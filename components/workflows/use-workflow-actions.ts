'use client';
/** The home page's mutations, each refreshing the list and telling the user what happened. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '@/components/ui/toast';
import { downloadText } from '@/lib/format';
import { useTRPC, useTRPCClient } from '@/lib/trpc/client';

export function useWorkflowActions() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });

  const create = useMutation(trpc.workflows.create.mutationOptions({ onSuccess: refresh }));
  const rename = useMutation(trpc.workflows.rename.mutationOptions({ onSuccess: refresh }));
  const duplicate = useMutation(
    trpc.workflows.duplicate.mutationOptions({
      onSuccess: (wf) => {
        toast.success(`Duplicated as “${wf.name}”.`);
        return refresh();
      },
      onError: (err) => toast.error(`Could not duplicate: ${err.message}`),
    }),
  );
  const remove = useMutation(trpc.workflows.delete.mutationOptions({ onSuccess: refresh }));
  const importJson = useMutation(
    trpc.workflows.import.mutationOptions({
      onSuccess: ({ workflow, isCopy }) => {
        toast.success(
          isCopy
            ? `Imported “${workflow.name}” as a copy: a workflow with its id already exists.`
            : `Imported “${workflow.name}”.`,
        );
        return refresh();
      },
    }),
  );

  async function exportToFile(id: string) {
    try {
      const { fileName, json } = await client.workflows.export.query({ id });
      downloadText(fileName, json);
      toast.success(`Exported to ${fileName}.`);
    } catch (err) {
      toast.error(`Could not export: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return { create, rename, duplicate, remove, importJson, exportToFile };
}

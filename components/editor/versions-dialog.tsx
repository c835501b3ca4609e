'use client';
/** The workflow's saved versions, newest first, each restorable as a new version. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc/client';
import { useEditorStore, useEditorStoreApi } from './store-provider';

export function VersionsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const store = useEditorStoreApi();
  const { id, version } = useEditorStore((s) => s.meta);
  const versions = useQuery(trpc.workflows.versions.queryOptions({ id }, { enabled: open }));
  const restore = useMutation(
    trpc.workflows.restore.mutationOptions({
      onSuccess: ({ workflow }) => {
        store.getState().load(workflow);
        toast.success(`Restored — v${workflow.version}.`);
        onClose();
        return queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
      },
      onError: (err) => toast.error(`Could not restore: ${err.message}`),
    }),
  );

  function restoreVersion(v: number) {
    if (store.getState().dirty && !window.confirm('Drop your unsaved changes and restore?')) return;
    restore.mutate({ id, version: v });
  }

  return (
    <Dialog open={open} onClose={onClose} title="Versions">
      {versions.isPending && <p className="text-sm text-slate-400">Loading versions…</p>}
      {versions.isError && (
        <p role="alert" className="text-sm text-red-300">
          Could not load versions: {versions.error.message}
        </p>
      )}
      <ol className="max-h-96 divide-y divide-slate-800 overflow-y-auto rounded-lg border border-slate-800">
        {versions.data?.map((v) => (
          <li key={v.version} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <div className="min-w-0">
              <span className="font-medium tabular-nums">v{v.version}</span>{' '}
              <span className="text-slate-400">
                {v.reason}
                {v.restoredFrom ? ` of v${v.restoredFrom}` : ''} · {v.nodeCount} nodes ·{' '}
                <time dateTime={v.createdAt.toISOString()} title={absoluteTime(v.createdAt)}>
                  {relativeTime(v.createdAt)}
                </time>
              </span>
            </div>
            {v.version === version ? (
              <span className="text-xs text-emerald-300">current</span>
            ) : (
              <Button
                size="sm"
                aria-label={`Restore version ${v.version}`}
                disabled={restore.isPending}
                onClick={() => restoreVersion(v.version)}
              >
                Restore
              </Button>
            )}
          </li>
        ))}
      </ol>
      <div className="mt-4 flex justify-end">
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}

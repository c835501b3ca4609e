'use client';
/**
 * A workflow's page until the visual editor lands: what it holds, its version history with
 * restore, and export. Read through tRPC like every page.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc/client';
import { useWorkflowActions } from './use-workflow-actions';

export function WorkflowOverview({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { exportToFile } = useWorkflowActions();
  const detail = useQuery(trpc.workflows.get.queryOptions({ id: workflowId }, { retry: false }));
  const versions = useQuery(
    trpc.workflows.versions.queryOptions({ id: workflowId }, { retry: false }),
  );
  const restore = useMutation(
    trpc.workflows.restore.mutationOptions({
      onSuccess: ({ workflow }) => {
        toast.success(`Restored as version ${workflow.version}.`);
        return queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
      },
      onError: (err) => toast.error(`Could not restore: ${err.message}`),
    }),
  );

  if (detail.isPending) return <p className="text-slate-400">Loading workflow…</p>;
  if (detail.isError) {
    return (
      <div role="alert" className="rounded-md border border-red-800 bg-red-950 p-4 text-red-200">
        <p>Could not open this workflow: {detail.error.message}</p>
        <Link href="/" className="mt-2 inline-block underline">
          Back to workflows
        </Link>
      </div>
    );
  }

  const { workflow, isActive, updatedAt } = detail.data;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/" className="text-sm text-slate-400 hover:text-slate-200">
            ← Workflows
          </Link>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">{workflow.name}</h1>
          <p className="mt-1 text-sm text-slate-400">
            Version {workflow.version} · saved{' '}
            <time dateTime={updatedAt.toISOString()} title={absoluteTime(updatedAt)}>
              {relativeTime(updatedAt)}
            </time>{' '}
            · {isActive ? 'Active' : 'Inactive'}
          </p>
          {workflow.description && (
            <p className="mt-3 max-w-2xl text-slate-300">{workflow.description}</p>
          )}
        </div>
        <Button onClick={() => exportToFile(workflow.id)}>Export</Button>
      </div>

      <section aria-labelledby="nodes-heading" className="rounded-xl border border-slate-800 p-5">
        <h2 id="nodes-heading" className="font-semibold">
          Nodes ({workflow.nodes.length}) and edges ({workflow.edges.length})
        </h2>
        {workflow.nodes.length === 0 ? (
          <p className="mt-2 text-sm text-slate-400">
            This workflow is empty. Import a workflow file from the home page to bring in a graph;
            the visual editor arrives with the next release.
          </p>
        ) : (
          <ul className="mt-3 grid gap-2 sm:grid-cols-2">
            {workflow.nodes.map((n) => (
              <li key={n.id} className="rounded-md bg-slate-900 px-3 py-2 text-sm">
                <span className="font-medium">{n.name}</span>{' '}
                <span className="text-slate-400">({n.type})</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="font-semibold">
          Versions
        </h2>
        <ol className="mt-3 divide-y divide-slate-800 rounded-xl border border-slate-800">
          {versions.data?.map((v) => (
            <li
              key={v.version}
              className="flex items-center justify-between gap-4 px-4 py-3 text-sm"
            >
              <div>
                <span className="font-medium tabular-nums">v{v.version}</span>{' '}
                <span className="text-slate-400">
                  {v.reason}
                  {v.restoredFrom ? ` of v${v.restoredFrom}` : ''} · {v.name} · {v.nodeCount} nodes
                  ·{' '}
                  <time dateTime={v.createdAt.toISOString()} title={absoluteTime(v.createdAt)}>
                    {relativeTime(v.createdAt)}
                  </time>
                </span>
              </div>
              {v.version === workflow.version ? (
                <span className="text-xs text-emerald-300">current</span>
              ) : (
                <Button
                  size="sm"
                  aria-label={`Restore version ${v.version}`}
                  disabled={restore.isPending}
                  onClick={() => restore.mutate({ id: workflow.id, version: v.version })}
                >
                  Restore
                </Button>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

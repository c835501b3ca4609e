'use client';
/**
 * The workflow editor page: loads the workflow and the node catalog through tRPC, then renders
 * the palette, the canvas, the inspector and the run panel around one editor store.
 */
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useMemo } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import { Replay } from './replay';
import { EditorStoreProvider } from './store-provider';
import { toCatalog } from './types';
import { Workspace } from './workspace';

/** The editor, or with `executionId` the read-only replay of that execution on the canvas. */
export function Editor({ workflowId, executionId }: { workflowId: string; executionId?: string }) {
  if (executionId) return <Replay workflowId={workflowId} executionId={executionId} />;
  return <WorkflowEditor workflowId={workflowId} />;
}

function WorkflowEditor({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.workflows.get.queryOptions(
      { id: workflowId },
      { retry: false, staleTime: Infinity, refetchOnWindowFocus: false },
    ),
  );
  const catalogQuery = useQuery(
    trpc.nodes.catalog.queryOptions(undefined, { staleTime: Infinity }),
  );
  const catalog = useMemo(
    () => (catalogQuery.data ? toCatalog(catalogQuery.data) : null),
    [catalogQuery.data],
  );

  const error = detail.error ?? catalogQuery.error;
  if (error) {
    return (
      <div
        role="alert"
        className="m-8 rounded-md border border-red-800 bg-red-950 p-4 text-red-200"
      >
        <p>Could not open this workflow: {error.message}</p>
        <Link href="/" className="mt-2 inline-block underline">
          Back to workflows
        </Link>
      </div>
    );
  }
  if (!detail.data || !catalog) return <p className="m-8 text-slate-400">Loading workflow…</p>;

  return (
    <div className="editor-root flex min-h-0 flex-1 flex-col">
      <EditorStoreProvider key={workflowId} workflow={detail.data.workflow} catalog={catalog}>
        <ReactFlowProvider>
          <Workspace />
        </ReactFlowProvider>
      </EditorStoreProvider>
    </div>
  );
}

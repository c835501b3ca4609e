'use client';
/**
 * Replay of a recorded execution on the canvas (`/workflows/<id>?execution=<id>`): the workflow
 * version that ran, read-only, each node with its recorded status and result, and a side panel
 * with the selected node's input, output and error. A running execution keeps updating.
 */
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useEffect, useMemo } from 'react';
import { ReplayNodePanel } from '@/components/executions/replay-node-panel';
import { StatusBadge, unfinishedStatuses } from '@/components/executions/status';
import type { ExecutionDetail } from '@/components/executions/types';
import { useExecutionLive } from '@/components/executions/use-execution-live';
import { useTRPC } from '@/lib/trpc/client';
import { Canvas } from './canvas';
import { ReplayContext } from './replay-context';
import { replayState } from './replay-state';
import { selectSingleSelected } from './selectors';
import { EditorStoreProvider, useEditorStore, useEditorStoreApi } from './store-provider';
import { toCatalog } from './types';

export function Replay({ workflowId, executionId }: { workflowId: string; executionId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.executions.get.queryOptions({ id: executionId }, { retry: false }));
  const catalogQuery = useQuery(
    trpc.nodes.catalog.queryOptions(undefined, { staleTime: Infinity }),
  );
  const catalog = useMemo(
    () => (catalogQuery.data ? toCatalog(catalogQuery.data) : null),
    [catalogQuery.data],
  );
  const status = detail.data?.execution.status;
  useExecutionLive(executionId, status !== undefined && unfinishedStatuses.has(status));

  const error =
    detail.error ??
    catalogQuery.error ??
    (detail.data && detail.data.execution.workflowId !== workflowId
      ? new Error(`it belongs to another workflow (${detail.data.execution.workflowId})`)
      : null);
  if (error)
    return (
      <div
        role="alert"
        className="m-8 rounded-md border border-red-800 bg-red-950 p-4 text-red-200"
      >
        <p>
          Could not show execution {executionId}: {error.message}
        </p>
        <Link
          href={`/workflows/${encodeURIComponent(workflowId)}`}
          className="mt-2 inline-block underline"
        >
          Open the workflow for editing
        </Link>
      </div>
    );
  if (!detail.data || !catalog) return <p className="m-8 text-slate-400">Loading execution…</p>;

  return (
    <div className="editor-root flex min-h-0 flex-1 flex-col">
      <EditorStoreProvider
        key={`${workflowId}:${executionId}`}
        workflow={detail.data.workflow}
        catalog={catalog}
      >
        <ReactFlowProvider>
          <ReplayWorkspace detail={detail.data} />
        </ReactFlowProvider>
      </EditorStoreProvider>
    </div>
  );
}

function ReplayWorkspace({ detail }: { detail: ExecutionDetail }) {
  const store = useEditorStoreApi();
  const selected = useEditorStore(selectSingleSelected);
  const x = detail.execution;

  // The recorded statuses, again whenever a refetch brings more (a running execution).
  useEffect(() => {
    store.setState(replayState(detail.nodeRuns));
  }, [detail.nodeRuns, store]);

  // The failed node starts selected, so its error and input are on screen at once.
  const failedNodeId =
    x.error?.nodeId ?? detail.nodeRuns.findLast((r) => r.status === 'failed')?.nodeId;
  useEffect(() => {
    if (!failedNodeId) return;
    store.setState((s) => ({
      nodes: s.nodes.map((n) => ({ ...n, selected: n.id === failedNodeId })),
    }));
  }, [failedNodeId, store]);

  const runsOfSelected = selected ? detail.nodeRuns.filter((r) => r.nodeId === selected.id) : [];
  return (
    <>
      <div
        role="region"
        aria-label="Execution replay"
        className="flex h-12 shrink-0 items-center gap-3 border-b border-amber-700/60 bg-amber-950/40 px-3 text-sm"
      >
        <span
          aria-hidden
          className="rounded bg-amber-500/20 px-1.5 text-[11px] font-bold tracking-wider text-amber-200"
        >
          READ-ONLY
        </span>
        <p className="min-w-0 truncate text-amber-50">
          Viewing execution <span className="font-mono">{x.id}</span> of{' '}
          <strong className="font-semibold">{x.workflowName}</strong> v{x.workflowVersion}{' '}
          (read-only)
        </p>
        <StatusBadge status={x.status} />
        <div className="ml-auto flex items-center gap-2">
          <Link
            href={`/executions/${encodeURIComponent(x.id)}`}
            className="rounded-md px-2.5 py-1.5 text-slate-300 hover:bg-slate-800 hover:text-slate-50"
          >
            Execution details
          </Link>
          <Link
            href={`/workflows/${encodeURIComponent(x.workflowId)}`}
            className="rounded-md bg-sky-500 px-2.5 py-1.5 font-medium text-ink hover:bg-sky-400"
          >
            Back to editing
          </Link>
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          <ReplayContext value>
            <Canvas readOnly />
          </ReplayContext>
        </div>
        <ReplayNodePanel executionId={x.id} node={selected} runs={runsOfSelected} />
      </div>
    </>
  );
}

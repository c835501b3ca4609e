'use client';
/**
 * The execution history list (`/executions`, and per workflow with `workflowId` fixed): filters
 * in the URL, per-status counts, keyset pages ("Load more"), live new executions, and deleting
 * the filtered set.
 */
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { useTRPC } from '@/lib/trpc/client';
import { DeleteExecutionsDialog } from './delete-executions-dialog';
import { ExecutionFiltersBar } from './execution-filters';
import { ExecutionTable } from './execution-table';
import { emptyFilters, hasFilters, toQueryInput } from './filters';
import { countLabel } from './status';
import { useExecutionList } from './use-execution-list';
import { useUrlFilters } from './use-url-filters';

export function ExecutionList({ workflowId }: { workflowId?: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const { filters, setFilters } = useUrlFilters(workflowId);
  const { items, list, stats, newCount, showNew, invalidate } = useExecutionList(filters);
  const [confirming, setConfirming] = useState(false);
  const isFiltered = hasFilters(filters, { ignoreWorkflow: Boolean(workflowId) });
  const counts = stats.data?.counts;
  const cap = stats.data?.capped ? stats.data.cap : undefined;
  const matching =
    filters.status.length > 0
      ? filters.status.reduce((n, s) => n + (counts?.[s] ?? 0), 0)
      : (stats.data?.total ?? 0);

  const removal = useMutation(
    trpc.executions.deleteWhere.mutationOptions({
      onSuccess: async ({ deleted, skipped }) => {
        setConfirming(false);
        toast.success(
          `Deleted ${deleted} execution${deleted === 1 ? '' : 's'}` +
            (skipped > 0 ? `; ${skipped} still running, kept.` : '.'),
        );
        await invalidate();
      },
    }),
  );

  return (
    <section aria-labelledby="executions-heading" className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="executions-heading" className="text-2xl font-semibold tracking-tight">
            Executions
          </h1>
          <p className="mt-1 text-sm text-slate-400">
            Every run of {workflowId ? 'this workflow' : 'your workflows'}, newest first. New ones
            appear as they start.
          </p>
        </div>
        {matching > 0 && (
          <Button variant="danger-ghost" onClick={() => setConfirming(true)}>
            {isFiltered ? 'Delete matching…' : 'Delete all…'}
          </Button>
        )}
      </div>

      <ExecutionFiltersBar
        filters={filters}
        counts={counts}
        total={stats.data?.total}
        cap={stats.data?.capped ? stats.data.cap : undefined}
        fixedWorkflowId={workflowId}
        onChange={setFilters}
      />

      {newCount > 0 && (
        <div className="sticky top-2 z-10 flex justify-center">
          <Button variant="primary" size="sm" onClick={showNew} className="shadow-lg">
            {newCount} new execution{newCount === 1 ? '' : 's'} — show
          </Button>
        </div>
      )}

      {list.isPending && <p className="text-slate-400">Loading executions…</p>}
      {list.isError && (
        <div role="alert" className="rounded-md border border-red-800 bg-red-950 p-4 text-red-200">
          <p>Could not load executions: {list.error.message}</p>
          <Button size="sm" className="mt-3" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </div>
      )}
      {list.isSuccess && items.length === 0 && (
        <EmptyState
          workflowId={workflowId}
          isFiltered={isFiltered}
          onClear={() => setFilters({ ...emptyFilters, workflowId })}
        />
      )}
      {items.length > 0 && (
        <div>
          <ExecutionTable items={items} showWorkflow={!workflowId} />
          <div className="mt-4 flex items-center justify-between text-sm text-slate-400">
            <span>
              Showing {items.length.toLocaleString('en')}
              {matching > 0 && ` of ${countLabel(matching, cap)}`}
            </span>
            {list.hasNextPage && (
              <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            )}
          </div>
        </div>
      )}

      <DeleteExecutionsDialog
        open={confirming}
        count={matching}
        cap={cap}
        isFiltered={isFiltered || Boolean(workflowId)}
        isPending={removal.isPending}
        error={removal.error?.message}
        onClose={() => {
          removal.reset();
          setConfirming(false);
        }}
        onConfirm={() => removal.mutate(toQueryInput(filters))}
      />
    </section>
  );
}

function EmptyState({
  workflowId,
  isFiltered,
  onClear,
}: {
  workflowId?: string;
  isFiltered: boolean;
  onClear(): void;
}) {
  return (
    <div className="rounded-xl border border-dashed border-slate-700 px-6 py-16 text-center">
      {isFiltered ? (
        <>
          <h2 className="text-lg font-semibold">No executions match these filters</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-slate-400">
            Widen the time range, pick other statuses, or clear the filters.
          </p>
          <Button className="mt-6" onClick={onClear}>
            Clear filters
          </Button>
        </>
      ) : (
        <>
          <h2 className="text-lg font-semibold">No executions yet</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-slate-400">
            An execution is one run of a workflow: press Run in the editor, or activate a workflow
            with a trigger. Each one shows up here as it starts.
          </p>
          <Link
            href={workflowId ? `/workflows/${encodeURIComponent(workflowId)}` : '/'}
            className="mt-6 inline-block text-sm text-sky-400 underline"
          >
            {workflowId ? 'Open the workflow in the editor' : 'Go to your workflows'}
          </Link>
        </>
      )}
    </div>
  );
}

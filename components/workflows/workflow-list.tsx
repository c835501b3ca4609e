'use client';
/**
 * The home page: every workflow with its name, last save, version and whether it is active, and
 * the actions on it. Server data stays in React Query; this component only holds which dialog
 * is open.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc/client';
import { DeleteDialog } from './delete-dialog';
import { ImportButton } from './import-button';
import { NameDialog } from './name-dialog';
import { TemplateDialog } from './template-dialog';
import { useWorkflowActions } from './use-workflow-actions';

type Summary = RouterOutputs['workflows']['list'][number];
type OpenDialog =
  { kind: 'create' | 'template' } | { kind: 'rename' | 'delete'; workflow: Summary } | null;

export function WorkflowList() {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.workflows.list.queryOptions());
  const actions = useWorkflowActions();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = () => setDialog(null);

  return (
    <section aria-labelledby="workflows-heading">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 id="workflows-heading" className="text-2xl font-semibold tracking-tight">
            Workflows
          </h1>
          <p className="mt-1 text-sm text-slate-400">Build, run and watch your automations.</p>
        </div>
        <div className="flex gap-2">
          <ImportButton
            isPending={actions.importJson.isPending}
            onImport={(json) => actions.importJson.mutateAsync({ json })}
          />
          <Button onClick={() => setDialog({ kind: 'template' })}>New from template</Button>
          <Button variant="primary" onClick={() => setDialog({ kind: 'create' })}>
            New workflow
          </Button>
        </div>
      </div>

      <div className="mt-6">
        {list.isPending && <p className="text-slate-400">Loading workflows…</p>}
        {list.isError && (
          <p role="alert" className="rounded-md border border-red-800 bg-red-950 p-4 text-red-200">
            Could not load workflows: {list.error.message}
          </p>
        )}
        {list.data?.length === 0 && (
          <EmptyState
            onCreate={() => setDialog({ kind: 'create' })}
            onTemplate={() => setDialog({ kind: 'template' })}
          />
        )}
        {list.data && list.data.length > 0 && (
          <WorkflowTable
            workflows={list.data}
            onRename={(workflow) => setDialog({ kind: 'rename', workflow })}
            onDelete={(workflow) => setDialog({ kind: 'delete', workflow })}
            onDuplicate={(workflow) => actions.duplicate.mutate({ id: workflow.id })}
            onExport={(workflow) => actions.exportToFile(workflow.id)}
          />
        )}
      </div>

      <TemplateDialog open={dialog?.kind === 'template'} onClose={close} />
      <NameDialog
        open={dialog?.kind === 'create'}
        title="New workflow"
        submitLabel="Create"
        isPending={actions.create.isPending}
        error={actions.create.error?.message}
        onClose={() => {
          actions.create.reset();
          close();
        }}
        onSubmit={(name) =>
          actions.create.mutate(
            { name },
            { onSuccess: (wf) => router.push(`/workflows/${encodeURIComponent(wf.id)}`) },
          )
        }
      />
      <NameDialog
        open={dialog?.kind === 'rename'}
        title={`Rename “${dialog?.kind === 'rename' ? dialog.workflow.name : ''}”`}
        submitLabel="Rename"
        initialName={dialog?.kind === 'rename' ? dialog.workflow.name : ''}
        isPending={actions.rename.isPending}
        error={actions.rename.error?.message}
        onClose={() => {
          actions.rename.reset();
          close();
        }}
        onSubmit={(name) => {
          if (dialog?.kind === 'rename')
            actions.rename.mutate({ id: dialog.workflow.id, name }, { onSuccess: close });
        }}
      />
      <DeleteDialog
        workflow={dialog?.kind === 'delete' ? dialog.workflow : null}
        isPending={actions.remove.isPending}
        error={actions.remove.error?.message}
        onClose={() => {
          actions.remove.reset();
          close();
        }}
        onConfirm={(id) => actions.remove.mutate({ id }, { onSuccess: close })}
      />
    </section>
  );
}

function EmptyState({ onCreate, onTemplate }: { onCreate: () => void; onTemplate: () => void }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-700 px-6 py-16 text-center">
      <h2 className="text-lg font-semibold">No workflows yet</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-400">
        A workflow is a graph of steps (a trigger, checks, HTTP calls, orders) that Flowdeck runs
        for you. Start from a template, create your first one, or import a{' '}
        <code className="text-slate-300">.flowdeck.json</code> file exported from another Flowdeck.
      </p>
      <div className="mt-6 flex justify-center gap-2">
        <Button onClick={onTemplate}>Start from a template</Button>
        <Button variant="primary" onClick={onCreate}>
          Create your first workflow
        </Button>
      </div>
    </div>
  );
}

type TableProps = {
  workflows: Summary[];
  onRename(w: Summary): void;
  onDelete(w: Summary): void;
  onDuplicate(w: Summary): void;
  onExport(w: Summary): void;
};

function WorkflowTable({ workflows, onRename, onDelete, onDuplicate, onExport }: TableProps) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Your workflows</caption>
      <thead className="border-b border-slate-800 text-xs tracking-wide text-slate-400 uppercase">
        <tr>
          <th scope="col" className="py-2 pr-4 font-medium">
            Name
          </th>
          <th scope="col" className="py-2 pr-4 font-medium">
            Last saved
          </th>
          <th scope="col" className="py-2 pr-4 font-medium">
            Version
          </th>
          <th scope="col" className="py-2 pr-4 font-medium">
            Status
          </th>
          <th scope="col" className="py-2 text-right font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-800/80">
        {workflows.map((w) => (
          <tr key={w.id} className="hover:bg-slate-900/60">
            <th scope="row" className="py-3 pr-4 font-medium">
              <Link
                href={`/workflows/${encodeURIComponent(w.id)}`}
                className="text-slate-50 hover:text-sky-300 hover:underline"
              >
                {w.name}
              </Link>
              <span className="block text-xs font-normal text-slate-500">
                {w.nodeCount} {w.nodeCount === 1 ? 'node' : 'nodes'}
              </span>
            </th>
            <td className="py-3 pr-4 text-slate-300">
              <time dateTime={w.updatedAt.toISOString()} title={absoluteTime(w.updatedAt)}>
                {relativeTime(w.updatedAt)}
              </time>
            </td>
            <td className="py-3 pr-4 text-slate-300 tabular-nums">v{w.version}</td>
            <td className="py-3 pr-4">
              {w.isActive ? (
                <span className="rounded-full bg-emerald-900 px-2 py-0.5 text-xs text-emerald-200">
                  Active
                </span>
              ) : (
                <span className="rounded-full bg-slate-800 px-2 py-0.5 text-xs text-slate-300">
                  Inactive
                </span>
              )}
            </td>
            <td className="py-3 text-right whitespace-nowrap">
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Rename ${w.name}`}
                onClick={() => onRename(w)}
              >
                Rename
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Duplicate ${w.name}`}
                onClick={() => onDuplicate(w)}
              >
                Duplicate
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Export ${w.name}`}
                onClick={() => onExport(w)}
              >
                Export
              </Button>
              <Button
                size="sm"
                variant="danger-ghost"
                aria-label={`Delete ${w.name}`}
                onClick={() => onDelete(w)}
              >
                Delete
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

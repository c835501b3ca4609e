'use client';
/** The executions of one workflow (`/workflows/<id>/executions`): the list with the workflow fixed. */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc/client';
import { ExecutionList } from './execution-list';

export function WorkflowExecutions({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const workflow = useQuery(
    trpc.workflows.get.queryOptions({ id: workflowId }, { retry: false, staleTime: 30_000 }),
  );
  const href = `/workflows/${encodeURIComponent(workflowId)}`;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-400">
        <Link href="/" className="hover:text-slate-200">
          Workflows
        </Link>
        <span aria-hidden className="mx-2">
          /
        </span>
        <Link href={href} className="hover:text-slate-200">
          {workflow.data?.workflow.name ?? workflowId}
        </Link>
        <span aria-hidden className="mx-2">
          /
        </span>
        <span className="text-slate-200">Executions</span>
      </nav>
      <ExecutionList workflowId={workflowId} />
    </div>
  );
}

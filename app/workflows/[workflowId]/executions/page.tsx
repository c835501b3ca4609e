import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WorkflowExecutions } from '@/components/executions/workflow-executions';

export const metadata: Metadata = { title: 'Executions' };

export default async function WorkflowExecutionsPage({
  params,
}: {
  params: Promise<{ workflowId: string }>;
}) {
  const { workflowId } = await params;
  // The list reads its filters from the URL query (useSearchParams): rendered on the client.
  return (
    <Suspense fallback={<p className="text-slate-400">Loading executions…</p>}>
      <WorkflowExecutions workflowId={decodeURIComponent(workflowId)} />
    </Suspense>
  );
}

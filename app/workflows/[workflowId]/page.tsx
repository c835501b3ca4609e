import { WorkflowOverview } from '@/components/workflows/workflow-overview';

export default async function WorkflowPage({
  params,
}: {
  params: Promise<{ workflowId: string }>;
}) {
  const { workflowId } = await params;
  return <WorkflowOverview workflowId={decodeURIComponent(workflowId)} />;
}

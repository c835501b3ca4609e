import { ExecutionDetail } from '@/components/executions/execution-detail';

export default async function ExecutionPage({
  params,
}: {
  params: Promise<{ executionId: string }>;
}) {
  const { executionId } = await params;
  return <ExecutionDetail id={decodeURIComponent(executionId)} />;
}

import { Editor } from '@/components/editor/editor';

export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ workflowId: string }>;
  searchParams: Promise<{ execution?: string | string[] }>;
}) {
  const { workflowId } = await params;
  const { execution } = await searchParams;
  // `?execution=<id>` opens that execution read-only on the canvas (replay).
  const executionId = typeof execution === 'string' && execution ? execution : undefined;
  return <Editor workflowId={decodeURIComponent(workflowId)} executionId={executionId} />;
}

import { Editor } from '@/components/editor/editor';

export default async function WorkflowPage({
  params,
}: {
  params: Promise<{ workflowId: string }>;
}) {
  const { workflowId } = await params;
  return <Editor workflowId={decodeURIComponent(workflowId)} />;
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ExecutionList } from '@/components/executions/execution-list';

export const metadata: Metadata = { title: 'Executions' };

export default function ExecutionsPage() {
  // The list reads its filters from the URL query (useSearchParams): rendered on the client.
  return (
    <Suspense fallback={<p className="text-slate-400">Loading executions…</p>}>
      <ExecutionList />
    </Suspense>
  );
}

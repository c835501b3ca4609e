'use client';
/** The editor's portfolio panel: this workflow's paper book beside the run panel, updating live. */
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { PortfolioBook } from './portfolio-panel';

export function PortfolioDock({
  workflowId,
  onClose,
}: {
  workflowId: string;
  onClose: () => void;
}) {
  return (
    <section
      aria-label="Portfolio"
      className="flex w-[36rem] max-w-[50%] shrink-0 flex-col border-l border-slate-800 bg-slate-900/80"
    >
      <div className="flex items-center gap-3 border-b border-slate-800 px-3 py-1.5 text-xs">
        <h2 className="font-semibold text-slate-200">Portfolio</h2>
        <span className="text-slate-500">paper venue · this workflow</span>
        <Link href="/portfolio" className="ml-auto text-sky-300 hover:underline">
          All workflows
        </Link>
        <Button
          size="sm"
          variant="ghost"
          className="!h-6"
          onClick={onClose}
          aria-label="Close portfolio"
        >
          ✕
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto py-2">
        <PortfolioBook workflowId={workflowId} orderLimit={12} />
      </div>
    </section>
  );
}

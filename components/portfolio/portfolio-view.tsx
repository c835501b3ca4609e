'use client';
/** The /portfolio page: the paper book of every workflow. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import { PortfolioBook } from './portfolio-panel';

export function PortfolioView() {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const names = useMemo(
    () => new Map(workflows.data?.map((w) => [w.id, w.name]) ?? []),
    [workflows.data],
  );
  return (
    <section aria-labelledby="portfolio-heading" className="space-y-6">
      <div>
        <h1 id="portfolio-heading" className="text-2xl font-semibold tracking-tight">
          Portfolio
        </h1>
        <p className="mt-1 text-sm text-slate-400">
          Paper trading: positions, profit and loss, and recent orders of every workflow. Prices are
          simulated; no real money moves.
        </p>
      </div>
      <div
        role="region"
        aria-label="Portfolio"
        className="rounded-xl border border-slate-800 bg-slate-900/60 py-3"
      >
        <PortfolioBook nameOf={(id) => names.get(id) ?? id} orderLimit={50} />
      </div>
    </section>
  );
}

'use client';
/**
 * The paper venue's book, for one workflow (the editor's side panel) or for all (/portfolio):
 * realised and unrealised PnL, positions, and the most recent orders.
 */
import { formatPnl, pnlClass } from './format';
import { OrdersTable, PositionsTable, type NameOf } from './portfolio-tables';
import { usePortfolio } from './use-portfolio';

export type PortfolioPanelProps = {
  /** Omitted: every workflow's book, with a workflow column. */
  workflowId?: string;
  nameOf?: NameOf;
  /** How many orders to list (newest first). */
  orderLimit?: number;
};

export function PortfolioBook({ workflowId, nameOf = null, orderLimit = 20 }: PortfolioPanelProps) {
  const book = usePortfolio(workflowId);
  if (book.isPending) return <p className="p-3 text-xs text-slate-400">Loading portfolio…</p>;
  if (book.isError)
    return (
      <p
        role="alert"
        className="m-3 rounded-md border border-red-800 bg-red-950 p-3 text-xs text-red-200"
      >
        Could not load the portfolio: {book.error.message}
      </p>
    );
  const { totals, positions, orders } = book.data;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-3 gap-2 px-2">
        <Total label="Realised PnL" value={totals.realisedPnl} />
        <Total label="Unrealised PnL" value={totals.unrealisedPnl} />
        <Total label="Total PnL" value={totals.realisedPnl + totals.unrealisedPnl} />
      </dl>
      <section aria-label="Positions">
        <h3 className="px-2 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">
          Positions
        </h3>
        <PositionsTable positions={positions} nameOf={nameOf} />
      </section>
      <section aria-label="Recent orders">
        <h3 className="px-2 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">
          Recent orders
        </h3>
        <OrdersTable orders={orders.slice(0, orderLimit)} nameOf={nameOf} />
      </section>
    </div>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-md bg-slate-950/60 px-2.5 py-1.5">
      <dt className="text-[11px] text-slate-400">{label}</dt>
      <dd aria-label={label} className={`text-sm font-semibold tabular-nums ${pnlClass(value)}`}>
        {formatPnl(value)}
      </dd>
    </div>
  );
}

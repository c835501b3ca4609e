'use client';
/** The positions and orders tables of the portfolio panel and page. */
import Link from 'next/link';
import { formatPnl, formatPrice, formatSize, pnlClass, timeOfDay } from './format';
import type { PortfolioOrder, PortfolioPosition } from './use-portfolio';

const th = 'px-2 py-1.5 font-medium whitespace-nowrap';
const td = 'px-2 py-1.5 whitespace-nowrap tabular-nums';

const STATUS: Record<string, string> = {
  filled: 'bg-emerald-900 text-emerald-200',
  open: 'bg-sky-900 text-sky-200',
  rejected: 'bg-rose-900 text-rose-200',
  cancelled: 'bg-slate-700 text-slate-200',
};

export type NameOf = ((workflowId: string) => string) | null;

function WorkflowCell({ id, nameOf }: { id: string; nameOf: (id: string) => string }) {
  return (
    <td className={td}>
      <Link href={`/workflows/${encodeURIComponent(id)}`} className="text-sky-300 hover:underline">
        {nameOf(id)}
      </Link>
    </td>
  );
}

export function PositionsTable({
  positions,
  nameOf,
}: {
  positions: PortfolioPosition[];
  nameOf: NameOf;
}) {
  if (positions.length === 0)
    return <p className="px-2 py-2 text-xs text-slate-400">No positions yet.</p>;
  return (
    <table className="w-full text-left text-xs">
      <caption className="sr-only">Positions</caption>
      <thead className="text-[11px] tracking-wide text-slate-400 uppercase">
        <tr>
          {nameOf && <th className={th}>Workflow</th>}
          <th className={th}>Symbol</th>
          <th className={`${th} text-right`}>Quantity</th>
          <th className={`${th} text-right`}>Avg price</th>
          <th className={`${th} text-right`}>Mark</th>
          <th className={`${th} text-right`}>Unrealised</th>
          <th className={`${th} text-right`}>Realised</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-800">
        {positions.map((p) => (
          <tr key={`${p.workflowId}/${p.venue}/${p.symbol}`}>
            {nameOf && <WorkflowCell id={p.workflowId} nameOf={nameOf} />}
            <th scope="row" className={`${td} font-medium`}>
              {p.symbol} <span className="font-normal text-slate-400">· {p.venue}</span>
            </th>
            <td className={`${td} text-right ${p.quantity < 0 ? 'text-rose-300' : ''}`}>
              {formatSize(p.quantity)}
            </td>
            <td className={`${td} text-right`}>{formatPrice(p.avgPrice)}</td>
            <td className={`${td} text-right`}>{formatPrice(p.markPrice)}</td>
            <td className={`${td} text-right ${pnlClass(p.unrealisedPnl)}`}>
              {formatPnl(p.unrealisedPnl)}
            </td>
            <td className={`${td} text-right ${pnlClass(p.realisedPnl)}`}>
              {formatPnl(p.realisedPnl)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OrdersTable({ orders, nameOf }: { orders: PortfolioOrder[]; nameOf: NameOf }) {
  if (orders.length === 0)
    return <p className="px-2 py-2 text-xs text-slate-400">No orders yet.</p>;
  return (
    <table className="w-full text-left text-xs">
      <caption className="sr-only">Recent orders</caption>
      <thead className="text-[11px] tracking-wide text-slate-400 uppercase">
        <tr>
          <th className={th}>Time</th>
          {nameOf && <th className={th}>Workflow</th>}
          <th className={th}>Order</th>
          <th className={th}>Status</th>
          <th className={`${th} text-right`}>Fill price</th>
          <th className={th}>Note</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-800">
        {orders.map((o) => (
          <tr key={o.id}>
            <td className={`${td} text-slate-400`}>
              <time dateTime={o.createdAt.toISOString()}>{timeOfDay(o.createdAt)}</time>
            </td>
            {nameOf && <WorkflowCell id={o.workflowId} nameOf={nameOf} />}
            <td className={td}>
              <span className={o.side === 'buy' ? 'text-emerald-300' : 'text-rose-300'}>
                {o.side.toUpperCase()}
              </span>{' '}
              {formatSize(o.quantity)} {o.symbol}{' '}
              <span className="text-slate-400">
                · {o.venue} · {o.type}
                {o.limitPrice != null && ` @ ${formatPrice(o.limitPrice)}`}
              </span>
            </td>
            <td className={td}>
              <span className={`rounded-full px-1.5 py-0.5 text-[11px] ${STATUS[o.status] ?? ''}`}>
                {o.status}
              </span>
            </td>
            <td className={`${td} text-right`}>{formatPrice(o.fillPrice)}</td>
            <td className={`${td} max-w-64 truncate text-slate-400`} title={o.reason ?? undefined}>
              {o.reason ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

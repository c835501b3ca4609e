/**
 * What an approval asks about, read from its `details` ({ title, summary, input }): for an order
 * the symbol, side, size, price and notional. Reads defensively: the gate passes on whatever
 * reached it, so any field may be missing.
 */
export type OrderSummary = {
  title: string;
  summary: string;
  venue: string | null;
  symbol: string | null;
  side: string | null;
  quantity: number | null;
  price: number | null;
  notional: number | null;
  /** The gate's input when it is not an order: shown as JSON. */
  raw: unknown;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

function firstNumber(o: Record<string, unknown>, keys: string[]): number | null {
  for (const k of keys) {
    const v = num(o[k]);
    if (v !== null) return v;
  }
  return null;
}

export function orderSummary(details: unknown): OrderSummary {
  const d = isRecord(details) ? details : {};
  const input = isRecord(d.input) ? d.input : {};
  // An order may come wrapped ({ order: {...} }) by the node before the gate.
  const o = isRecord(input.order) ? input.order : input;
  const quantity = firstNumber(o, ['quantity', 'size', 'qty', 'amount']);
  const side = str(o.side);
  const quoted = side === 'sell' ? num(o.bid) : num(o.ask);
  const price = firstNumber(o, ['limitPrice', 'price', 'expectedPrice']) ?? quoted;
  const notional =
    firstNumber(o, ['notional']) ?? (quantity !== null && price !== null ? quantity * price : null);
  return {
    title: str(d.title) ?? 'Approval required',
    summary: str(d.summary) ?? '',
    venue: str(o.venue),
    symbol: str(o.symbol),
    side,
    quantity,
    price,
    notional,
    raw: d.input ?? null,
  };
}

const money = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const amount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

export const formatMoney = (v: number | null) => (v === null ? '—' : money.format(v));
export const formatAmount = (v: number | null) => (v === null ? '—' : amount.format(v));

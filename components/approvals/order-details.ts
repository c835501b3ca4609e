/**
 * What an approval asks about, read from its `details` ({ title, summary, input }): for an order
 * the symbol, side, size, price and notional; for an arbitrage intent (a cost-model result:
 * buyVenue/buyPrice, sellVenue/sellPrice) both legs and the expected net profit. Reads
 * defensively: the gate passes on whatever reached it, so any field may be missing.
 * `details.order` (see docs/api/trading.md) is the server's reading: `side` 'buy+sell' = an arbitrage
 * pair, `price` the buy price.
 */
export type Leg = { side: 'buy' | 'sell'; venue: string | null; price: number | null };

export type OrderSummary = {
  title: string;
  summary: string;
  symbol: string | null;
  legs: Leg[];
  quantity: number | null;
  /** The price paid or received (the buy leg of an arbitrage). */
  price: number | null;
  notional: number | null;
  netProfit: number | null;
  /** The gate's input, shown as JSON when it is not an order. */
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

function legsOf(o: Record<string, unknown>): Leg[] {
  if (str(o.buyVenue) || str(o.sellVenue))
    return [
      { side: 'buy', venue: str(o.buyVenue), price: num(o.buyPrice) ?? num(o.price) },
      { side: 'sell', venue: str(o.sellVenue), price: num(o.sellPrice) },
    ];
  const side = o.side === 'buy' || o.side === 'sell' ? o.side : null;
  if (!side) return [];
  const quoted = side === 'sell' ? num(o.bid) : num(o.ask);
  const price = firstNumber(o, ['limitPrice', 'price']) ?? quoted;
  return [{ side, venue: str(o.venue), price }];
}

export function orderSummary(details: unknown): OrderSummary {
  const d = isRecord(details) ? details : {};
  const input = isRecord(d.input) ? d.input : {};
  // The server's reading of the order (`details.order`) comes first; else the gate's input, or
  // an order wrapped in it ({ order: {...} }) by the node before the gate.
  const o = isRecord(d.order) ? d.order : isRecord(input.order) ? input.order : input;
  const legs = legsOf(o);
  const quantity = firstNumber(o, ['quantity', 'size', 'qty']);
  const price = legs[0]?.price ?? null;
  const notional =
    num(o.notional) ?? (quantity !== null && price !== null ? quantity * price : null);
  return {
    title: str(d.title) ?? 'Approval required',
    summary: str(d.summary) ?? '',
    symbol: str(o.symbol),
    legs,
    quantity,
    price,
    notional,
    netProfit: num(o.netProfit),
    raw: d.input ?? null,
  };
}

/** "BUY 2 BTC-USD", "BUY venue-a / SELL venue-b 2 BTC-USD": one line for lists. */
export function orderLine(o: OrderSummary): string | null {
  if (o.legs.length === 0 || !o.symbol) return null;
  const sides =
    o.legs.length === 1
      ? o.legs[0]!.side.toUpperCase()
      : o.legs.map((l) => `${l.side.toUpperCase()} ${l.venue ?? '?'}`).join(' / ');
  return `${sides} ${formatAmount(o.quantity)} ${o.symbol}`;
}

const money = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const amount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

export const formatMoney = (v: number | null) => (v === null ? '—' : money.format(v));
export const formatAmount = (v: number | null) => (v === null ? '—' : amount.format(v));

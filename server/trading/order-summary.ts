/**
 * What an approver needs to see of an order, read from whatever the approval gate receives: a
 * cost-model result ({ symbol, quantity, buyVenue, buyPrice, sellVenue, sellPrice, netProfit })
 * or a single order ({ symbol, side, quantity, price | ask | bid, venue }). Null when the input
 * is not an order.
 */
import { round } from './position-math';

export type OrderSummary = {
  symbol: string;
  side: 'buy' | 'sell' | 'buy+sell';
  quantity: number;
  price: number;
  notional: number;
  venue?: string;
  buyVenue?: string;
  sellVenue?: string;
  sellPrice?: number;
  netProfit?: number;
};

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export function orderSummary(input: unknown): OrderSummary | null {
  if (typeof input !== 'object' || input === null) return null;
  const o = input as Record<string, unknown>;
  const symbol = str(o.symbol);
  const quantity = num(o.quantity);
  if (!symbol || quantity === undefined) return null;
  const buyPrice = num(o.buyPrice);
  const sellPrice = num(o.sellPrice);
  if (buyPrice !== undefined && sellPrice !== undefined) {
    return {
      symbol,
      side: 'buy+sell',
      quantity,
      price: buyPrice,
      notional: round(buyPrice * quantity, 2),
      ...(str(o.buyVenue) && { buyVenue: str(o.buyVenue) }),
      ...(str(o.sellVenue) && { sellVenue: str(o.sellVenue) }),
      sellPrice,
      ...(num(o.netProfit) !== undefined && { netProfit: num(o.netProfit) }),
    };
  }
  const side = o.side === 'sell' ? 'sell' : 'buy';
  const price = num(o.price) ?? num(side === 'buy' ? o.ask : o.bid) ?? num(o.limitPrice);
  if (price === undefined) return null;
  return {
    symbol,
    side,
    quantity,
    price,
    notional: round(price * quantity, 2),
    ...(str(o.venue) && { venue: str(o.venue) }),
  };
}

/**
 * Position arithmetic of the paper venue, pure: a signed quantity (short < 0) and an average
 * entry price; a fill adds to the position, or closes part or all of it (realising PnL against
 * the average) and may flip it to the other side at the fill price.
 */
import type { Side } from './types';

export type Book = { quantity: number; avgPrice: number };

/** Quantities this close to zero count as flat (floating-point dust of repeated fills). */
const EPSILON = 1e-12;

export function applyFill(
  book: Book,
  side: Side,
  quantity: number,
  price: number,
): Book & { realised: number } {
  const signed = side === 'buy' ? quantity : -quantity;
  const { quantity: held, avgPrice } = book;
  // Opening or adding on the same side: the average is weighted by size.
  if (Math.abs(held) < EPSILON || Math.sign(held) === Math.sign(signed)) {
    const next = held + signed;
    const avg = (Math.abs(held) * avgPrice + quantity * price) / Math.abs(next);
    return { quantity: next, avgPrice: avg, realised: 0 };
  }
  const closing = Math.min(quantity, Math.abs(held));
  const realised = closing * (price - avgPrice) * Math.sign(held);
  const next = held + signed;
  if (Math.abs(next) < EPSILON) return { quantity: 0, avgPrice: 0, realised };
  // Still on the same side: the average entry stays; flipped: the rest opens at the fill price.
  const avg = Math.sign(next) === Math.sign(held) ? avgPrice : price;
  return { quantity: next, avgPrice: avg, realised };
}

/** Unrealised PnL of a position marked at `mark` (mid); 0 without a mark. */
export function unrealised(book: Book, mark: number | null): number {
  if (mark === null || Math.abs(book.quantity) < EPSILON) return 0;
  return book.quantity * (mark - book.avgPrice);
}

/** The price a market order meets, or null when a limit order is not marketable. */
export function fillPriceFor(
  side: Side,
  type: 'market' | 'limit',
  limitPrice: number | null | undefined,
  bid: number,
  ask: number,
): number | null {
  const touch = side === 'buy' ? ask : bid;
  if (type === 'market') return touch;
  if (limitPrice === null || limitPrice === undefined) return null;
  // A marketable limit fills at the touch (better or equal to its limit), as on a real venue.
  return side === 'buy' ? (touch <= limitPrice ? touch : null) : touch >= limitPrice ? touch : null;
}

export const round = (value: number, digits = 8) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Reading trading values out of node inputs, with errors that name the input and field. */
import { UserError } from '../runtime/errors';
import { describeValue } from '../nodes/shared/values';
import type { Quote } from './types';

export function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}

export function positiveNumber(node: string, where: string, value: unknown): number {
  if (value === undefined) throw new UserError('BAD_REQUEST', `${node}: ${where} is missing`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new UserError(
      'BAD_REQUEST',
      `${node}: ${where} must be a positive number, got ${describeValue(value)}`,
    );
  return value;
}

/** A quote `{ symbol, venue, bid, ask }` (a price feed's output). */
export function readQuote(node: string, input: string, value: unknown): Quote {
  if (typeof value !== 'object' || value === null)
    throw new UserError(
      'BAD_REQUEST',
      `${node}: input "${input}" must be a quote { symbol, venue, bid, ask }, got ${describeValue(value)}`,
    );
  const symbol = field(value, 'symbol');
  const venue = field(value, 'venue');
  if (typeof symbol !== 'string' || !symbol)
    throw new UserError('BAD_REQUEST', `${node}: input "${input}" has no symbol`);
  if (typeof venue !== 'string' || !venue)
    throw new UserError('BAD_REQUEST', `${node}: input "${input}" has no venue`);
  const bid = positiveNumber(node, `input "${input}".bid`, field(value, 'bid'));
  const ask = positiveNumber(node, `input "${input}".ask`, field(value, 'ask'));
  return { symbol, venue, bid, ask };
}

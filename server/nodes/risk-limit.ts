import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { field } from '../trading/inputs';
import type { Exposure, Side } from '../trading/types';
import { defineNode } from './define-node';
import { describeValue } from './shared/values';

const money = (n: number) => n.toFixed(2);
const qty = (n: number) => String(Math.round(n * 1e8) / 1e8);

type Limits = {
  dailyLossLimit: number;
  lossFrom: 'zero' | 'peak';
  maxPosition: number;
  maxOrderSize: number;
  side: Side;
};

/** Today's PnL of a book: realised since 00:00 UTC (fees included) plus unrealised. */
export const pnlToday = (exposure: Exposure) =>
  Math.round((exposure.realisedToday + exposure.unrealised) * 1e6) / 1e6;

/**
 * Today's loss as the limit measures it. `zero`: how far today's PnL is below 0. `peak` (a
 * trailing limit): how far it is below the highest PnL seen today (`peak`), counting from 0 when
 * the day has not been in profit, so it never allows more than `zero` would.
 */
function lossOf(limits: Limits, exposure: Exposure, peak: number | undefined) {
  const pnl = pnlToday(exposure);
  if (limits.lossFrom === 'zero') return { loss: -pnl, pnl, from: 0 };
  const from = Math.max(0, pnl, peak ?? pnl);
  return { loss: Math.round((from - pnl) * 1e6) / 1e6, pnl, from };
}

/** The legs an order intent trades: a spread's two venues, or one venue with a side. */
function legsOf(input: unknown, fallbackSide: Side) {
  const buyVenue = field(input, 'buyVenue');
  const sellVenue = field(input, 'sellVenue');
  if (typeof buyVenue === 'string' && typeof sellVenue === 'string')
    return [
      { venue: buyVenue, side: 'buy' as const },
      { venue: sellVenue, side: 'sell' as const },
    ];
  const venue = field(input, 'venue');
  const side = field(input, 'side');
  if (typeof venue !== 'string') return [];
  return [{ venue, side: side === 'buy' || side === 'sell' ? side : fallbackSide }];
}

/**
 * The first limit the order would break, as a sentence; null within limits. `peak` is today's
 * highest PnL so far (`paper.peakToday`), for `lossFrom: 'peak'`.
 */
export function checkLimits(
  limits: Limits,
  exposure: Exposure,
  order: { symbol: string | undefined; quantity: number; input: unknown },
  peak?: number,
): string | null {
  const { loss, pnl, from } = lossOf(limits, exposure, peak);
  if (loss > limits.dailyLossLimit)
    return limits.lossFrom === 'zero'
      ? `daily loss ${money(loss)} > limit ${money(limits.dailyLossLimit)}`
      : `drawdown ${money(loss)} from today's peak (${money(from)} → ${money(pnl)}) > limit ${money(limits.dailyLossLimit)}`;
  if (order.quantity > limits.maxOrderSize)
    return `order size ${qty(order.quantity)} > max ${qty(limits.maxOrderSize)}`;
  for (const leg of legsOf(order.input, limits.side)) {
    const held =
      exposure.positions.find((p) => p.venue === leg.venue && p.symbol === order.symbol)
        ?.quantity ?? 0;
    const after = held + (leg.side === 'buy' ? order.quantity : -order.quantity);
    // An order that shrinks the position is always allowed: it reduces risk.
    if (Math.abs(after) > limits.maxPosition && Math.abs(after) > Math.abs(held))
      return `position on ${leg.venue} would be ${qty(after)} ${order.symbol ?? ''}, beyond max ${qty(limits.maxPosition)}`.replace(
        '  ',
        ' ',
      );
  }
  return null;
}

/**
 * Checks an order against the workflow's paper book before it goes out: today's loss (realised
 * plus unrealised, from 0 or, trailing, from the day's peak), the order's size and the resulting
 * positions. Every check records today's PnL in the day's peak (`paper.peakToday`, durable, a
 * maximum: a check that runs again on resume counts nothing twice), so switching `lossFrom` to
 * `peak` live measures from the peak seen so far. Within limits the order passes
 * to "ok"; on a breach it goes to "blocked" with the reason, and with `onBreach` alert or halt the
 * emergency level is raised (source "rule", the rule named) before anything else can start.
 */
export default defineNode({
  type: 'risk-limit',
  title: 'Risk Limit',
  category: 'Trading',
  description:
    'Checks an order (quantity, venue or buyVenue/sellVenue, symbol) against today\'s loss (from 0, or trailing from the day\'s peak PnL), the max order size and the max position of this workflow\'s paper book. Passes it to "ok", or to "blocked" with { reason, rule }; on a breach it can raise the emergency level to ALERT or HALT.',
  inputs: { in: 'json' },
  outputs: { ok: 'json', blocked: 'json' },
  props: z.object({
    dailyLossLimit: z.number().min(0).max(1e12).default(500).meta({
      description:
        'Largest loss allowed today, in quote currency: of today\'s PnL (realised since 00:00 UTC, fees included, plus unrealised), measured as "Loss from" says.',
      widget: 'scrub',
      step: 10,
    }),
    lossFrom: z.enum(['zero', 'peak']).default('zero').meta({
      description:
        "Where the loss is measured from. zero: today's PnL below 0. peak: a trailing limit, today's PnL below the highest it has been today at a check of this workflow (at least 0), so giving back profit counts as loss.",
    }),
    maxPosition: z.number().min(0).max(1e12).default(5).meta({
      description: 'Largest absolute position per venue and symbol an order may lead to.',
      widget: 'scrub',
      step: 0.1,
    }),
    maxOrderSize: z.number().min(0).max(1e12).default(1).meta({
      description: 'Largest quantity of one order.',
      widget: 'scrub',
      step: 0.1,
    }),
    onBreach: z.enum(['block', 'alert', 'halt']).default('halt').meta({
      description:
        'On a breach: only block the order, or also raise the emergency level to ALERT or HALT.',
    }),
    side: z.enum(['buy', 'sell']).default('buy').meta({
      description: 'Side of a single-venue order whose input says none.',
    }),
  }),
  sideEffects: false,
  requiredInputs: () => ['in'],
  async run({ inputs, props, paper, emergency, execution, log }) {
    const quantity = field(inputs.in, 'quantity');
    if (quantity === undefined)
      throw new UserError(
        'BAD_REQUEST',
        'risk-limit: the input has no "quantity" (send an order, e.g. a cost-model result)',
      );
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0)
      throw new UserError(
        'BAD_REQUEST',
        `risk-limit: the input needs a "quantity" ≥ 0, got ${describeValue(quantity)}`,
      );
    const symbol = field(inputs.in, 'symbol');
    const exposure = await paper.exposure(execution.workflowId);
    const peak = await paper.peakToday(execution.workflowId, pnlToday(exposure));
    const reason = checkLimits(
      props,
      exposure,
      { symbol: typeof symbol === 'string' ? symbol : undefined, quantity, input: inputs.in },
      peak,
    );
    if (reason === null) return { ok: inputs.in };
    const rule = `risk-limit:${execution.workflowId}/${execution.nodeId}: ${reason}`;
    log.warn({ rule, onBreach: props.onBreach }, 'risk limit breached; order blocked');
    let raised = false;
    if (props.onBreach !== 'block')
      raised = await emergency.raise(
        props.onBreach === 'halt' ? 'HALT' : 'ALERT',
        `risk limit breached: ${reason}`,
        rule,
      );
    return { blocked: { order: inputs.in, reason, rule, onBreach: props.onBreach, raised } };
  },
});

import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { field } from '../trading/inputs';
import type { Side } from '../trading/types';
import { defineNode } from './define-node';
import { describeValue } from './shared/values';

type Props = {
  venue: string;
  symbol: string;
  side: Side;
  quantity: number;
  type: 'market' | 'limit';
  limitPrice: number;
};

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Where the order goes and the market it meets, from props and the input. The input is a quote
 * ({ venue, symbol, bid, ask }) or a spread/cost-model result ({ buyVenue, buyPrice, sellVenue,
 * sellPrice, symbol, quantity }): a buy then goes to buyVenue at buyPrice, a sell to sellVenue
 * at sellPrice.
 */
export function resolveOrder(props: Props, input: unknown) {
  const leg = props.side === 'buy' ? 'buy' : 'sell';
  const venue = props.venue || str(field(input, 'venue')) || str(field(input, `${leg}Venue`));
  const symbol = props.symbol || str(field(input, 'symbol'));
  const legPrice = num(field(input, `${leg}Price`));
  const bid = num(field(input, 'bid')) ?? legPrice;
  const ask = num(field(input, 'ask')) ?? legPrice;
  const quantity = props.quantity > 0 ? props.quantity : num(field(input, 'quantity'));
  return { venue, symbol, bid, ask, quantity };
}

/**
 * Places an order on the paper trading venue (no real money). Market orders fill at once at the
 * ask (buy) or bid (sell) of the price it receives; a limit order fills at that touch when it is
 * marketable, else rests `open` until a later price from a feed of the same venue crosses it.
 * Positions and PnL are kept per workflow. One order per execution and node: a resumed execution
 * gets its order back instead of placing another.
 */
export default defineNode({
  type: 'paper-order',
  title: 'Paper Order',
  category: 'Trading',
  description:
    'Places a market or limit order on the paper venue at the price it receives (a quote, or a spread/cost-model result). The order goes to "filled", "open" (a resting limit) or "rejected". Refused under HALT; on SHUTDOWN every paper position is flattened.',
  inputs: { in: 'json' },
  outputs: { filled: 'json', open: 'json', rejected: 'json' },
  props: z.object({
    side: z.enum(['buy', 'sell']).default('buy').meta({ description: 'Buy or sell.' }),
    type: z.enum(['market', 'limit']).default('market').meta({
      description:
        'Market: fills now at the touch. Limit: fills only at the limit price or better.',
    }),
    quantity: z.number().min(0).max(1e9).default(0).meta({
      description: 'How much to trade; 0 takes the input\'s "quantity" (e.g. from the cost model).',
      widget: 'scrub',
      step: 0.01,
    }),
    limitPrice: z.number().min(0).max(1e12).default(0).meta({
      description: 'Limit orders: the worst price accepted.',
      widget: 'scrub',
      step: 1,
    }),
    venue: z.string().trim().max(40).default('').meta({
      description: 'Venue; empty takes it from the input (venue, or buyVenue/sellVenue by side).',
    }),
    symbol: z.string().trim().max(40).default('').meta({
      description: 'Symbol; empty takes it from the input.',
    }),
    feeBps: z.number().min(0).max(1_000).default(0).meta({
      description:
        'Fee the venue charges per fill, in basis points of its notional (counts in realised PnL).',
      widget: 'scrub',
      step: 0.5,
    }),
  }),
  sideEffects: true,
  target: (props, inputs) => {
    const venue = resolveOrder(props, inputs.in).venue;
    return venue ? `paper:${venue}` : undefined;
  },
  async run({ inputs, props, paper, execution, log }) {
    const o = resolveOrder(props, inputs.in);
    if (!o.venue)
      throw new UserError(
        'BAD_REQUEST',
        'paper-order: no venue (set it, or send one in the input)',
      );
    if (!o.symbol)
      throw new UserError(
        'BAD_REQUEST',
        'paper-order: no symbol (set it, or send one in the input)',
      );
    if (o.bid === undefined || o.ask === undefined)
      throw new UserError(
        'BAD_REQUEST',
        `paper-order: the input carries no price (bid/ask or ${props.side}Price): ${describeValue(inputs.in)}`,
      );
    if (o.quantity === undefined)
      throw new UserError(
        'BAD_REQUEST',
        'paper-order: quantity is 0 and the input has no "quantity"',
      );
    const { order, duplicate } = await paper.place({
      executionId: execution.id,
      nodeId: execution.nodeId,
      workflowId: execution.workflowId,
      venue: o.venue,
      symbol: o.symbol,
      side: props.side,
      type: props.type,
      quantity: o.quantity,
      limitPrice: props.type === 'limit' ? props.limitPrice : null,
      bid: o.bid,
      ask: o.ask,
      feeBps: props.feeBps,
    });
    if (duplicate)
      log.warn(
        { orderId: order.id },
        'paper order already placed by this execution; not placed again',
      );
    const out = {
      ...order,
      createdAt: order.createdAt.toISOString(),
      filledAt: order.filledAt?.toISOString() ?? null,
      duplicate,
    };
    return order.status === 'filled'
      ? { filled: out }
      : order.status === 'open'
        ? { open: out }
        : { rejected: out };
  },
  async onShutdown({ paper, reason, log }) {
    const done = await paper.flattenAll('shutdown');
    log.warn({ ...done, reason }, 'paper venue flattened on SHUTDOWN');
  },
});

import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { readQuote } from '../trading/inputs';
import { round } from '../trading/position-math';
import { defineNode } from './define-node';

/**
 * The cross-venue spread of one symbol: buy where the ask is cheaper, sell where the bid is
 * dearer. Of the two directions it picks the one with the larger edge (bid sold − ask bought);
 * `spreadBps` is that edge in basis points of the buy price, negative when neither pays.
 */
export default defineNode({
  type: 'spread',
  title: 'Spread',
  category: 'Trading',
  description:
    'Two quotes of one symbol (a, b) → { spreadBps, buyVenue, sellVenue, buyPrice, sellPrice, symbol, mid }: buy on the cheaper ask, sell on the dearer bid.',
  inputs: { a: 'json', b: 'json' },
  outputs: { out: 'json' },
  props: z.object({}),
  sideEffects: false,
  async run({ inputs }) {
    const a = readQuote('spread', 'a', inputs.a);
    const b = readQuote('spread', 'b', inputs.b);
    if (a.symbol !== b.symbol)
      throw new UserError(
        'BAD_REQUEST',
        `spread: inputs quote different symbols ("${a.symbol}" and "${b.symbol}")`,
      );
    const [buy, sell] = b.bid - a.ask >= a.bid - b.ask ? [a, b] : [b, a];
    const edge = sell.bid - buy.ask;
    return {
      out: {
        symbol: a.symbol,
        spreadBps: round((edge / buy.ask) * 10_000, 4),
        buyVenue: buy.venue,
        sellVenue: sell.venue,
        buyPrice: buy.ask,
        sellPrice: sell.bid,
        mid: round((buy.ask + sell.bid) / 2, 6),
      },
    };
  },
});

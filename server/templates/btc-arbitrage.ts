import { at, wire, type WorkflowTemplate } from './template';

/**
 * Two simulated BTC venues that follow one price path (same seed) with their own noise, so the
 * cross-venue spread opens and closes every few seconds. Tuned on a fresh start: small orders
 * fill within seconds, and an edge large enough for an order above 0.25 BTC (approval) comes
 * within about half a minute.
 */
const btcArbitrage: WorkflowTemplate = {
  id: 'btc-arbitrage',
  name: 'Cross-venue BTC arbitrage (paper)',
  description:
    'Every second: BTC prices from two simulated venues → spread → cost model (fees, slippage) → risk limit (trailing: profit given back counts as loss) → orders above 0.25 BTC wait for approval → buy on the cheap venue and sell on the dear one, on the paper venue. No real money.',
  workflow: {
    nodes: [
      at('tick', 'interval-trigger', 'Every second', 0, 1, { intervalMs: 1_000 }),
      at('feedA', 'price-feed', 'BTC on sim-a', 1, 0, {
        symbol: 'BTC-USD',
        venue: 'sim-a',
        initialPrice: 60_000,
        volatility: 0.6,
        noiseBps: 4,
        spreadBps: 1,
        seed: 2,
      }),
      at('feedB', 'price-feed', 'BTC on sim-b', 1, 2, {
        symbol: 'BTC-USD',
        venue: 'sim-b',
        initialPrice: 60_000,
        volatility: 0.6,
        noiseBps: 4,
        spreadBps: 1,
        seed: 2,
      }),
      at('spread', 'spread', 'Spread', 2, 1),
      at('costs', 'cost-model', 'Cost model', 3, 1, {
        quantity: 0.1,
        sizeToSpreadBps: 4,
        maxQuantity: 1,
        liquidity: 'taker',
        takerFeeBps: 1,
        makerFeeBps: 0.5,
        slippageBps: 0.5,
        fixedCost: 0,
        minProfit: 1,
      }),
      at('risk', 'risk-limit', 'Risk limit', 4, 1, {
        // Trailing: profit given back counts as loss, so tightening the limit live halts the bot
        // even while it is in profit.
        dailyLossLimit: 500,
        lossFrom: 'peak',
        maxPosition: 20,
        maxOrderSize: 1,
        onBreach: 'halt',
      }),
      at('large', 'threshold-check', 'Above 0.25 BTC?', 5, 1, {
        field: 'quantity',
        threshold: 0.25,
      }),
      at('approve', 'approval-gate', 'Approve large order', 6, 0, {
        title: 'Large arbitrage order',
        summary: 'Buy {{input.quantity}} BTC on {{input.buyVenue}}, sell on {{input.sellVenue}}',
        timeoutMs: 300_000,
      }),
      at('go', 'merge', 'Go', 7, 1, { mode: 'first' }),
      at('buy', 'paper-order', 'Buy leg', 8, 0, { side: 'buy', type: 'market', feeBps: 1 }),
      at('sell', 'paper-order', 'Sell leg', 8, 2, { side: 'sell', type: 'market', feeBps: 1 }),
      at('blocked', 'log', 'Blocked by risk', 5, 3, { message: 'order blocked', level: 'warn' }),
    ],
    edges: [
      wire('tick', 'out', 'feedA'),
      wire('tick', 'out', 'feedB'),
      wire('feedA', 'out', 'spread', 'a'),
      wire('feedB', 'out', 'spread', 'b'),
      wire('spread', 'out', 'costs'),
      wire('costs', 'profitable', 'risk'),
      wire('risk', 'ok', 'large'),
      wire('risk', 'blocked', 'blocked'),
      wire('large', 'above', 'approve'),
      wire('large', 'below', 'go', 'a'),
      wire('approve', 'approved', 'go', 'b'),
      wire('go', 'out', 'buy'),
      wire('go', 'out', 'sell'),
    ],
    // An order waiting for approval must not stop the next ticks.
    settings: { concurrency: 'parallel' },
  },
};

export default btcArbitrage;

import { at, wire, type WorkflowTemplate } from './template';

/** A GPU-hour price from a simulated marketplace; a cheap hour is logged and (once set up) notified. */
const gpuPriceWatcher: WorkflowTemplate = {
  id: 'gpu-price-watcher',
  name: 'GPU marketplace price watcher',
  description:
    'Every 5 seconds: the simulated price of an H100 GPU hour → below $2.20 it is logged as a buy opportunity and sent to a chat webhook (enable the Notify node and set its URL).',
  workflow: {
    nodes: [
      at('tick', 'interval-trigger', 'Every 5 seconds', 0, 1, { intervalMs: 5_000 }),
      at('feed', 'price-feed', 'H100 hour price', 1, 1, {
        symbol: 'H100-HOUR',
        venue: 'gpu-market',
        initialPrice: 2.4,
        volatility: 3,
        stepSeconds: 3_600,
        spreadBps: 20,
        seed: 42,
      }),
      at('cheap', 'threshold-check', 'Ask below $2.20?', 2, 1, {
        field: 'ask',
        threshold: 2.2,
        inclusive: true,
      }),
      at('log', 'log', 'Cheap GPU hour', 3, 2, {
        message: 'GPU hour below target',
        level: 'warn',
      }),
      at(
        'notify',
        'notify',
        'Notify chat',
        4,
        2,
        {
          url: 'https://example.com/hooks/notify',
          message: 'H100 hour at {{input.ask}} on {{input.venue}}',
        },
        { disabled: true },
      ),
      at('normal', 'log', 'Price as usual', 3, 0, { message: 'GPU hour price', level: 'debug' }),
    ],
    edges: [
      wire('tick', 'out', 'feed'),
      wire('feed', 'out', 'cheap'),
      wire('cheap', 'below', 'log'),
      wire('cheap', 'above', 'normal'),
      wire('log', 'out', 'notify'),
    ],
  },
};

export default gpuPriceWatcher;

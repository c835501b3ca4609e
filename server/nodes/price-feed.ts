import { z } from 'zod';
import { UserError } from '../runtime/errors';
import {
  filePathProblem,
  parsePriceCsv,
  readPriceFile,
  type PriceRow,
} from '../trading/csv-prices';
import { gbmStep, nextNormal, seedFrom } from '../trading/random';
import { round } from '../trading/position-math';
import type { Quote } from '../trading/types';
import { defineNode } from './define-node';

type WalkState = {
  kind: 'gbm';
  key: string;
  step: number;
  price: number;
  rng: number;
  noise: number;
};
type ReplayState = { kind: 'csv'; key: string; index: number };

const symbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._/-]+$/, 'letters, digits and . _ / - only');

/**
 * Simulated or recorded prices. GBM mode: each run is one step of a geometric Brownian motion,
 * continued from the workflow's state, so successive runs (and a restarted server) follow one
 * deterministic path per seed. Two feeds with the same seed share the path; `noiseBps` adds each
 * venue's own deviation around it (seeded by seed and venue), which is what an arbitrage sees.
 * CSV mode: each run emits the next row.
 */
export default defineNode({
  type: 'price-feed',
  title: 'Price Feed',
  category: 'Trading',
  description:
    'Emits { symbol, venue, bid, ask, mid, ts, step } per run: a seeded geometric Brownian motion (continued across runs), or the next row of a CSV of recorded prices. Also marks the paper positions of this venue and symbol.',
  inputs: { in: 'any' },
  outputs: { out: 'json', ended: 'json' },
  props: z.object({
    mode: z.enum(['gbm', 'csv']).default('gbm').meta({
      description: 'Simulate (geometric Brownian motion) or replay a CSV of recorded prices.',
    }),
    symbol: symbolSchema.default('BTC-USD').meta({ description: 'The instrument, e.g. BTC-USD.' }),
    venue: symbolSchema.default('sim-a').meta({ description: 'The venue these prices are from.' }),
    initialPrice: z.number().positive().max(1e12).default(60_000).meta({
      description: 'Price at step 0. Changing it (or the seed) starts the walk again.',
      widget: 'scrub',
      step: 100,
    }),
    drift: z.number().min(-10).max(10).default(0).meta({
      description: 'Annualised drift μ (0.05 = +5 % a year).',
      widget: 'scrub',
      step: 0.01,
    }),
    volatility: z.number().min(0).max(20).default(0.6).meta({
      description:
        'Annualised volatility σ (0.6 = 60 % a year); scaled to each step by √(stepSeconds / year).',
      widget: 'scrub',
      step: 0.05,
    }),
    stepSeconds: z
      .number()
      .positive()
      .max(86_400 * 30)
      .default(1)
      .meta({
        description: 'Simulated seconds one run advances the walk.',
        widget: 'scrub',
        step: 1,
      }),
    noiseBps: z.number().min(0).max(1_000).default(0).meta({
      description:
        "This venue's own deviation from the shared path, per run, in basis points (standard deviation).",
      widget: 'scrub',
      step: 0.5,
    }),
    seed: z
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1)
      .meta({
        description: 'Seed of the walk: same seed, same path. Feeds with one seed share the path.',
      }),
    spreadBps: z.number().min(0).max(1_000).default(2).meta({
      description: 'Bid/ask spread around the mid, in basis points (CSV rows without bid/ask too).',
      widget: 'scrub',
      step: 0.5,
    }),
    csv: z.string().max(1_000_000).default('').meta({
      description:
        'CSV mode: rows "timestamp,price[,bid,ask]" (timestamp ISO or epoch s/ms; header optional).',
      widget: 'textarea',
    }),
    file: z
      .string()
      .trim()
      .max(300)
      .default('')
      .refine((f) => filePathProblem(f) === null, {
        message: 'must be a relative .csv path inside the data directory, without ".."',
      })
      .meta({
        description: 'CSV mode: a file under the data directory, used when the CSV text is empty.',
      }),
    onEnd: z.enum(['loop', 'stop']).default('loop').meta({
      description:
        'CSV mode, after the last row: start again, or send { ended } to "ended" on every further run.',
    }),
  }),
  sideEffects: false,
  async run({ props, state, execution, paper, log }) {
    const key = `price-feed:${execution.nodeId}`;
    const quote =
      props.mode === 'gbm' ? await walk(props, key, state) : await replay(props, key, state);
    if ('ended' in quote) return { ended: quote };
    // Positions of this venue and symbol are valued at the newest price; optional bookkeeping.
    await paper
      .mark(execution.workflowId, quote)
      .catch((err: unknown) => log.debug({ err }, 'price feed: positions not marked'));
    return { out: quote };
  },
});

type Props = {
  symbol: string;
  venue: string;
  initialPrice: number;
  drift: number;
  volatility: number;
  stepSeconds: number;
  noiseBps: number;
  seed: number;
  spreadBps: number;
  csv: string;
  file: string;
  onEnd: 'loop' | 'stop';
};

type StateApi = { get(key: string): Promise<unknown>; set(key: string, v: unknown): Promise<void> };

function quoteAround(
  p: Pick<Props, 'symbol' | 'venue' | 'spreadBps'>,
  mid: number,
  ts: number,
  step: number,
  bid?: number | null,
  ask?: number | null,
): Quote & { mid: number; ts: number; step: number } {
  const half = (mid * p.spreadBps) / 20_000;
  const b = round(bid ?? mid - half, 6);
  const a = round(ask ?? mid + half, 6);
  return { symbol: p.symbol, venue: p.venue, bid: b, ask: a, mid: round((a + b) / 2, 6), ts, step };
}

async function walk(p: Props, key: string, state: StateApi) {
  const identity = `${p.seed}/${p.initialPrice}`;
  const stored = (await state.get(key)) as WalkState | undefined;
  const s: WalkState =
    stored?.kind === 'gbm' && stored.key === identity
      ? stored
      : {
          kind: 'gbm',
          key: identity,
          step: 0,
          price: p.initialPrice,
          rng: p.seed,
          noise: seedFrom(`${p.seed}/${p.venue}`),
        };
  const z = nextNormal(s.rng);
  const n = nextNormal(s.noise);
  const price = gbmStep(s.price, z.value, p);
  const next: WalkState = { ...s, step: s.step + 1, price, rng: z.state, noise: n.state };
  await state.set(key, next);
  const mid = price * (1 + (n.value * p.noiseBps) / 10_000);
  return quoteAround(p, mid, Date.now(), next.step);
}

async function replay(p: Props, key: string, state: StateApi) {
  if (!p.csv.trim() && !p.file)
    throw new UserError('BAD_REQUEST', 'price-feed: CSV mode needs the CSV text or a file');
  const text = p.csv.trim() ? p.csv : await readPriceFile(p.file);
  const rows: PriceRow[] = parsePriceCsv(text, p.csv.trim() ? 'csv' : `file "${p.file}"`);
  const identity = `${p.file}/${text.length}/${seedFrom(text)}`;
  const stored = (await state.get(key)) as ReplayState | undefined;
  let index = stored?.kind === 'csv' && stored.key === identity ? stored.index : 0;
  if (index >= rows.length) {
    if (p.onEnd === 'stop') return { ended: true as const, rows: rows.length };
    index = 0;
  }
  const row = rows[index]!;
  await state.set(key, { kind: 'csv', key: identity, index: index + 1 } satisfies ReplayState);
  return quoteAround(p, row.price, row.ts, index + 1, row.bid, row.ask);
}

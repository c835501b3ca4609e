import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { describeValue } from './shared/values';
import { defineNode } from './define-node';

const PORTS = ['a', 'b', 'c', 'd'] as const;
type Vote = { input: string; signal: boolean; weight: number };

const weight = (port: string) =>
  z
    .number()
    .min(0)
    .max(1_000)
    .default(1)
    .meta({
      description: `Weight of input ${port} when it sends a plain boolean.`,
      widget: 'scrub',
      step: 0.1,
    });

function readVote(port: string, value: unknown, fallback: number): Vote {
  if (typeof value === 'boolean') return { input: port, signal: value, weight: fallback };
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { signal?: unknown }).signal === 'boolean'
  ) {
    const { signal, weight: w } = value as { signal: boolean; weight?: unknown };
    if (w !== undefined && (typeof w !== 'number' || !Number.isFinite(w) || w < 0))
      throw new UserError(
        'BAD_REQUEST',
        `aggregate: input "${port}".weight must be a number ≥ 0, got ${describeValue(w)}`,
      );
    return { input: port, signal, weight: (w as number | undefined) ?? fallback };
  }
  throw new UserError(
    'BAD_REQUEST',
    `aggregate: input "${port}" must be a boolean or { signal, weight }, got ${describeValue(value)}`,
  );
}

/**
 * Combines up to four signals into one decision. It runs once every connected input has settled,
 * with the inputs that got a value (a skipped branch does not vote).
 */
export default defineNode({
  type: 'aggregate',
  title: 'Aggregate Signals',
  category: 'Trading',
  description:
    'Signals (booleans or { signal, weight }) on a–d → one decision: weighted vote (share of weight for yes > threshold), majority (more yes than no), or all agree. Sends { decision, score, votes } to "yes" or "no".',
  inputs: { a: 'any', b: 'any', c: 'any', d: 'any' },
  outputs: { yes: 'json', no: 'json' },
  props: z.object({
    mode: z.enum(['weighted', 'majority', 'all-agree']).default('majority').meta({
      description: 'How the votes combine.',
    }),
    threshold: z.number().min(0).max(1).default(0.5).meta({
      description: 'Weighted vote: the share of the total weight voting yes must exceed this.',
      widget: 'slider',
      step: 0.05,
    }),
    weightA: weight('a'),
    weightB: weight('b'),
    weightC: weight('c'),
    weightD: weight('d'),
  }),
  sideEffects: false,
  join: () => 'all-settled',
  async run({ inputs, props }) {
    const weights = { a: props.weightA, b: props.weightB, c: props.weightC, d: props.weightD };
    const votes = PORTS.filter((p) => inputs[p] !== undefined).map((p) =>
      readVote(p, inputs[p], weights[p]),
    );
    if (votes.length === 0) throw new UserError('BAD_REQUEST', 'aggregate: no signal arrived');
    const yes = votes.filter((v) => v.signal);
    let decision: boolean;
    let score: number;
    if (props.mode === 'weighted') {
      const total = votes.reduce((s, v) => s + v.weight, 0);
      score = total === 0 ? 0 : yes.reduce((s, v) => s + v.weight, 0) / total;
      decision = score > props.threshold;
    } else {
      score = yes.length / votes.length;
      decision =
        props.mode === 'majority' ? yes.length * 2 > votes.length : yes.length === votes.length;
    }
    const out = { decision, mode: props.mode, score: Math.round(score * 1e6) / 1e6, votes };
    return decision ? { yes: out } : { no: out };
  },
});

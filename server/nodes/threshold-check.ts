import { z } from 'zod';
import { defineNode } from './define-node';

/**
 * The input as a number: a finite number, or a string that is one (`"101.5"` from a webhook).
 * `Number()` alone would read null, "", false and [] as 0, so a missing price would count as 0.
 */
function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing arrived';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value)?.slice(0, 100) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** Routes a number to `above` or `below` a threshold. */
export default defineNode({
  type: 'threshold-check',
  title: 'Threshold Check',
  category: 'Logic',
  description:
    'Sends the incoming number to "above" when it crosses the threshold, else to "below".',
  inputs: { in: 'number' },
  outputs: { above: 'number', below: 'number' },
  props: z.object({
    threshold: z
      .number()
      .default(0)
      .meta({ description: 'The value compared against.', widget: 'scrub', step: 0.01 }),
    inclusive: z
      .boolean()
      .default(false)
      .meta({ description: 'Treat a value equal to the threshold as above.' }),
  }),
  sideEffects: false,
  async run({ inputs, props }) {
    const value = toNumber(inputs.in);
    if (value === null) throw new Error(`input is not a number: ${describe(inputs.in)}`);
    const isAbove = props.inclusive ? value >= props.threshold : value > props.threshold;
    return isAbove ? { above: value } : { below: value };
  },
});

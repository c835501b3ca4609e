import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { defineNode } from './define-node';
import { describeValue, pathProblem, readPath, toNumber } from './shared/values';

/**
 * Routes a number to `above` or `below` a threshold. With `field`, the number is read from that
 * path of an incoming object, and the whole object goes on (so what follows keeps its context).
 */
export default defineNode({
  type: 'threshold-check',
  title: 'Threshold Check',
  category: 'Logic',
  description:
    'Sends the incoming number (or an object whose field holds it) to "above" when it crosses the threshold, else to "below".',
  inputs: { in: 'any' },
  outputs: { above: 'any', below: 'any' },
  props: z.object({
    threshold: z
      .number()
      .default(0)
      .meta({ description: 'The value compared against.', widget: 'scrub', step: 0.01 }),
    field: z
      .string()
      .max(200)
      .default('')
      .refine((p) => !p || pathProblem(p) === null, {
        message: 'must be a dotted path like "quote.price"',
      })
      .meta({
        description:
          'Where the number is in an incoming object (a dotted path); empty when the input is the number.',
      }),
    inclusive: z
      .boolean()
      .default(false)
      .meta({ description: 'Treat a value equal to the threshold as above.' }),
  }),
  sideEffects: false,
  requiredInputs: () => ['in'],
  run({ inputs, props }) {
    const raw = props.field ? readPath(inputs.in, props.field) : inputs.in;
    const value = toNumber(raw);
    if (value === null) {
      const where = props.field ? `input field "${props.field}"` : 'input';
      throw new UserError('BAD_REQUEST', `${where} is not a number: ${describeValue(raw)}`);
    }
    const isAbove = props.inclusive ? value >= props.threshold : value > props.threshold;
    const out = props.field ? inputs.in : value;
    return isAbove ? { above: out } : { below: out };
  },
});

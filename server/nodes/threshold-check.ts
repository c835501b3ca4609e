import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { defineNode } from './define-node';
import { describeValue, toNumber } from './shared/values';

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
    if (value === null)
      throw new UserError('BAD_REQUEST', `input is not a number: ${describeValue(inputs.in)}`);
    const isAbove = props.inclusive ? value >= props.threshold : value > props.threshold;
    return isAbove ? { above: value } : { below: value };
  },
});

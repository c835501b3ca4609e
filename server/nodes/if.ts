import { z } from 'zod';
import { defineNode } from './define-node';
import { evaluateExpression, expressionSchema, isTruthy } from './shared/jsonata';

/** Routes its input to `true` or `false` by a JSONata condition over `{ input, trigger }`. */
export default defineNode({
  type: 'if',
  title: 'If',
  category: 'Logic',
  description:
    'Sends the input to "true" when the JSONata condition holds (like input.price > 100), else to "false".',
  inputs: { in: 'any' },
  outputs: { true: 'any', false: 'any' },
  props: z.object({
    condition: expressionSchema(
      '$boolean(input)',
      'A JSONata expression over { input, trigger }. Empty text, 0, null, nothing and empty lists count as false.',
    ),
  }),
  sideEffects: false,
  run({ inputs, trigger, props }) {
    const value = evaluateExpression('condition', props.condition, { input: inputs.in, trigger });
    const input = inputs.in ?? null;
    const route = (v: unknown) => (isTruthy(v) ? { true: input } : { false: input });
    return value instanceof Promise ? value.then(route) : route(value);
  },
});

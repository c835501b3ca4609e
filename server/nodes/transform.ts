import { z } from 'zod';
import { defineNode } from './define-node';
import { evaluateExpression, expressionSchema } from './shared/jsonata';

const outputs = (out: unknown) => (out === undefined ? {} : { out });

/** Reshapes its input with a JSONata expression over `{ input, trigger }`. */
export default defineNode({
  type: 'transform',
  title: 'Transform',
  category: 'Data',
  description:
    'Computes a new value with a JSONata expression over { input, trigger }. When the expression finds nothing, the nodes after it are skipped.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    expression: expressionSchema(
      'input',
      'A JSONata expression, like { "symbol": input.pair, "mid": (input.bid + input.ask) / 2 }.',
    ),
    timeoutMs: z.int().min(10).max(10_000).default(1_000).meta({
      description: 'Time limit of one evaluation, in milliseconds.',
      widget: 'scrub',
      step: 10,
    }),
  }),
  sideEffects: false,
  run({ inputs, trigger, props }) {
    const scope = { input: inputs.in, trigger };
    const out = evaluateExpression('expression', props.expression, scope, props.timeoutMs);
    // A field pick answers at once; other expressions go through JSONata's promise.
    return out instanceof Promise ? out.then(outputs) : outputs(out);
  },
});

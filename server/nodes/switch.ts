import { z } from 'zod';
import { defineNode } from './define-node';
import { evaluateExpression, expressionSchema } from './shared/jsonata';
import { jsonEqual } from './shared/values';

const MAX_CASES = 4;
const PORTS = ['case1', 'case2', 'case3', 'case4'] as const;

/**
 * Routes its input to the first case whose value equals a JSONata expression's result
 * (`case1`…`case4`), or to `default`.
 */
export default defineNode({
  type: 'switch',
  title: 'Switch',
  category: 'Logic',
  description:
    'Computes a value with JSONata and sends the input to the first case equal to it ("case1"…"case4"), else to "default".',
  inputs: { in: 'any' },
  outputs: { case1: 'any', case2: 'any', case3: 'any', case4: 'any', default: 'any' },
  props: z.object({
    value: expressionSchema(
      'input',
      'A JSONata expression over { input, trigger } whose result picks the case (like input.side).',
    ),
    cases: z
      .array(z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]))
      .max(MAX_CASES)
      .default([])
      .meta({
        description: `Up to ${MAX_CASES} values, for ports case1…case${MAX_CASES} in order. Compared exactly: "5" is not 5.`,
        widget: 'list',
      }),
  }),
  sideEffects: false,
  run({ inputs, trigger, props }) {
    const value = evaluateExpression('value', props.value, { input: inputs.in, trigger });
    const route = (v: unknown) => {
      const index = props.cases.findIndex((c) => jsonEqual(c, v));
      const port = index === -1 ? 'default' : PORTS[index];
      return { [port ?? 'default']: inputs.in ?? null };
    };
    return value instanceof Promise ? value.then(route) : route(value);
  },
});

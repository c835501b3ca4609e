import { z } from 'zod';
import { defineNode } from './define-node';

/** Writes its input to the execution's log and passes it on unchanged. */
export default defineNode({
  type: 'log',
  title: 'Log',
  category: 'Utility',
  description: 'Writes the incoming value to the execution log and passes it on unchanged.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    message: z
      .string()
      .max(500)
      .default('')
      .meta({ description: 'Text written before the value.' }),
    level: z
      .enum(['debug', 'info', 'warn', 'error'])
      .default('info')
      .meta({ description: 'Log level of the line.' }),
  }),
  sideEffects: false,
  run({ inputs, props, log }) {
    log[props.level]({ value: inputs.in }, props.message || 'log node');
    return { out: inputs.in };
  },
});

import { z } from 'zod';
import { defineNode } from './define-node';
import { jsonValueSchema, stateKeySchema } from './shared/schemas';
import { renderTemplate } from './shared/template';

/** Reads a value from the workflow's state (kept across executions and restarts). */
export default defineNode({
  type: 'state-get',
  title: 'Get State',
  category: 'Data',
  description:
    "Reads a value from this workflow's state, kept across runs and restarts; sends the default when the key holds nothing.",
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    key: stateKeySchema.default('last'),
    default: jsonValueSchema
      .default(null)
      .meta({ description: 'What to send when the key holds nothing yet.', widget: 'json' }),
  }),
  sideEffects: false,
  async run({ inputs, trigger, props, state }) {
    const key = renderTemplate('key', props.key, { input: inputs.in, trigger });
    const value = await state.get(key);
    return { out: value === undefined || value === null ? props.default : value };
  },
});

import { z } from 'zod';
import { defineNode } from './define-node';
import { jsonValueSchema, stateKeySchema } from './shared/schemas';
import { renderTemplate, renderValue } from './shared/template';

/** Stores a value in the workflow's state (kept across executions and restarts) and sends it on. */
export default defineNode({
  type: 'state-set',
  title: 'Set State',
  category: 'Data',
  description:
    "Stores the input, or a fixed value, in this workflow's state under a key, and sends the stored value on.",
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    key: stateKeySchema.default('last'),
    valueFrom: z.enum(['input', 'value']).default('input').meta({
      description: 'Store the input, or the value below.',
    }),
    value: jsonValueSchema.default(null).meta({
      description:
        'The value to store when storing a fixed value; "{{input.x}}" copies a field of the input.',
      widget: 'json',
    }),
  }),
  // Workflow state is Flowdeck's own bookkeeping, not an effect on the outside world.
  sideEffects: false,
  async run({ inputs, trigger, props, state }) {
    const scope = { input: inputs.in, trigger };
    const key = renderTemplate('key', props.key, scope);
    const value =
      props.valueFrom === 'input' ? (inputs.in ?? null) : renderValue('value', props.value, scope);
    await state.set(key, value);
    return { out: value };
  },
});

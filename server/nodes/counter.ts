import { z } from 'zod';
import { defineNode } from './define-node';
import { stateKeySchema } from './shared/schemas';
import { renderTemplate } from './shared/template';

/** Counts in the workflow's state, atomically across concurrent executions; sends the new count. */
export default defineNode({
  type: 'counter',
  title: 'Counter',
  category: 'Data',
  description:
    "Adds to a number in this workflow's state (missing counts as 0) and sends the new count; or resets it to 0.",
  inputs: { in: 'any' },
  outputs: { out: 'number' },
  props: z.object({
    key: stateKeySchema.default('count'),
    by: z.number().min(-1e9).max(1e9).default(1).meta({
      description: 'What to add on each run (negative counts down).',
      widget: 'scrub',
      step: 1,
    }),
    mode: z
      .enum(['increment', 'reset'])
      .default('increment')
      .meta({ description: 'increment: add "by"; reset: set the count back to 0.' }),
  }),
  sideEffects: false,
  async run({ inputs, trigger, props, state }) {
    const key = renderTemplate('key', props.key, { input: inputs.in, trigger });
    if (props.mode === 'reset') {
      await state.set(key, 0);
      return { out: 0 };
    }
    return { out: await state.increment(key, props.by) };
  },
});

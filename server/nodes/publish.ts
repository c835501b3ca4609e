import { z } from 'zod';
import { defineNode } from './define-node';
import { channelSchema } from './shared/schemas';

/** Publishes its input to a named channel: event triggers listening on it start their workflows. */
export default defineNode({
  type: 'publish',
  title: 'Publish',
  category: 'Network',
  description:
    'Publishes the input to a named channel, starting every active workflow whose event trigger listens on it; passes the input on.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    channel: channelSchema('The channel to publish on.').default('events'),
  }),
  sideEffects: true,
  async run({ inputs, props, publish }) {
    await publish(props.channel, inputs.in ?? null);
    return { out: inputs.in ?? null };
  },
});

import { z } from 'zod';
import { defineNode } from './define-node';
import { channelSchema } from './shared/schemas';

/** Starts the workflow when something is published to its channel (a publish node, the API). */
export default defineNode({
  type: 'event-trigger',
  title: 'Event Trigger',
  category: 'Triggers',
  description: 'Starts the workflow when a message is published to a named channel.',
  inputs: {},
  outputs: { out: 'json' },
  props: z.object({
    channel: channelSchema(
      'The channel to listen on, as named by the publish nodes that feed it.',
    ).default('events'),
  }),
  sideEffects: false,
  trigger: 'event',
  run({ trigger }) {
    return { out: trigger ?? {} };
  },
});

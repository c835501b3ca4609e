import { z } from 'zod';
import { defineNode } from './define-node';

/** Starts the workflow every `intervalMs` while it is active; passes the tick's payload on. */
export default defineNode({
  type: 'interval-trigger',
  title: 'Interval Trigger',
  category: 'Triggers',
  description: 'Starts the workflow at a fixed interval while the workflow is active.',
  inputs: {},
  outputs: { out: 'json' },
  props: z.object({
    intervalMs: z.int().min(10).max(86_400_000).default(60_000).meta({
      description:
        'Time between two runs, in milliseconds (at most a day; use a cron trigger for longer).',
      widget: 'scrub',
      step: 1_000,
    }),
  }),
  sideEffects: false,
  trigger: 'interval',
  run({ trigger }) {
    return { out: trigger ?? {} };
  },
});

import { z } from 'zod';
import { defineNode } from './define-node';

/** Starts a workflow when someone presses Run; passes the run's JSON input on. */
export default defineNode({
  type: 'manual-trigger',
  title: 'Manual Trigger',
  category: 'Triggers',
  description: 'Starts the workflow when you press Run, with the optional JSON input of the run.',
  inputs: {},
  outputs: { out: 'json' },
  props: z.object({}),
  sideEffects: false,
  trigger: 'manual',
  run({ trigger }) {
    return { out: trigger ?? {} };
  },
});

import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { defineNode } from './define-node';

/** Delays up to this long are slept in process; longer ones become a durable timer wait. */
export const IN_PROCESS_MAX_MS = 5_000;

/**
 * Passes its input on after a pause. A short pause is a cancellable sleep; a long one asks the
 * executor for a timer wait (recorded, so it survives a restart) and passes the input on when
 * the executor runs the node again.
 */
export default defineNode({
  type: 'delay',
  title: 'Delay',
  category: 'Logic',
  description: 'Waits for a while, then passes the input on unchanged.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    ms: z
      .int()
      .min(0)
      .max(604_800_000)
      .default(1_000)
      .meta({
        description: `How long to wait, in milliseconds (at most 7 days). Waits over ${IN_PROCESS_MAX_MS} ms survive a restart.`,
        widget: 'scrub',
        step: 100,
      }),
  }),
  sideEffects: false,
  async run({ inputs, props, signal, wait, resumed }) {
    if (resumed) {
      if (resumed.kind !== 'timer')
        throw new UserError(
          'BAD_REQUEST',
          `delay: resumed by "${resumed.kind}", expected the timer it asked for`,
        );
      return { out: inputs.in ?? null };
    }
    if (props.ms > IN_PROCESS_MAX_MS)
      return wait({ kind: 'timer', untilMs: Date.now() + props.ms });
    await sleep(props.ms, undefined, { signal });
    return { out: inputs.in ?? null };
  },
});

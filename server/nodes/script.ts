import { z } from 'zod';
import { defineNode } from './define-node';
import { runScript } from './shared/sandbox';

/** Runs JavaScript in a QuickJS sandbox with time and memory limits; passes on what it returns. */
export default defineNode({
  type: 'script',
  title: 'Script',
  category: 'Data',
  description:
    'Runs JavaScript in a sandbox: it reads `input` and `trigger` and returns a JSON value. Returning nothing skips the nodes after it.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    code: z.string().min(1).max(100_000).default('return input;').meta({
      description:
        'The body of a function of (input, trigger). No network, files or timers; console.log writes to the log.',
      widget: 'code',
      language: 'javascript',
    }),
    timeoutMs: z.int().min(10).max(30_000).default(1_000).meta({
      description: 'Time limit of the script, in milliseconds.',
      widget: 'scrub',
      step: 100,
    }),
    memoryLimitMb: z.int().min(1).max(256).default(16).meta({
      description: 'Memory the script may use, in megabytes.',
      widget: 'scrub',
      step: 1,
    }),
  }),
  sideEffects: false,
  async run({ inputs, trigger, props, signal, log }) {
    const out = await runScript({
      code: props.code,
      input: inputs.in,
      trigger,
      timeoutMs: props.timeoutMs,
      memoryBytes: props.memoryLimitMb * 1024 * 1024,
      signal,
      onConsole: (level, text) => log[level]({ console: level }, text),
    });
    return out === undefined ? {} : { out };
  },
});

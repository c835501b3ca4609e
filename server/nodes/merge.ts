import { z } from 'zod';
import { defineNode } from './define-node';

const PORTS = ['a', 'b', 'c'] as const;

/** Joins branches: waits for all of them (an object of what arrived) or takes the first. */
export default defineNode({
  type: 'merge',
  title: 'Merge',
  category: 'Logic',
  description:
    'Joins branches. "wait-all" waits for every branch and sends { a, b, c } with what arrived; "first" sends the first value to arrive.',
  inputs: { a: 'any', b: 'any', c: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    mode: z.enum(['wait-all', 'first']).default('wait-all').meta({
      description:
        'wait-all: run once every branch has finished or been skipped; first: run as soon as one value arrives, ignore later ones.',
    }),
  }),
  sideEffects: false,
  join: (props) => (props.mode === 'first' ? 'first' : 'all-settled'),
  async run({ inputs, props }) {
    const arrived = PORTS.filter((port) => inputs[port] !== undefined);
    if (props.mode === 'first') {
      const first = arrived[0];
      return first ? { out: inputs[first] } : {};
    }
    return { out: Object.fromEntries(arrived.map((port) => [port, inputs[port]])) };
  },
});

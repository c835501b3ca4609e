/**
 * Node types for executor tests: real definitions (the executor treats them like any other)
 * whose behaviour a test controls through props: fail N times, take T ms, branch to a port,
 * count side effects. They are never in the product's registry.
 */
import { z } from 'zod';
import { nodeRegistry } from '../nodes/registry';
import { defineNode, type AnyNodeDefinition } from '../nodes/define-node';
import { OperationalError, UserError } from '../runtime/errors';
import { sleep } from '../runtime/resilience/retry';

/** Calls of side-effect test nodes, per `effectLog` key: the "outside world" a test inspects. */
export const effectLog = new Map<string, unknown[]>();
const attempts = new Map<string, number>();

const source = defineNode({
  type: 'test-source',
  title: 'Test source',
  category: 'Utility',
  description: 'Emits its value prop.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({ value: z.unknown().default(1) }),
  sideEffects: false,
  async run({ props, inputs }) {
    return { out: props.value ?? inputs.in };
  },
});

const flaky = defineNode({
  type: 'test-flaky',
  title: 'Test flaky',
  category: 'Utility',
  description: 'Fails its first `failures` attempts per execution, then passes its input on.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({ failures: z.int().default(1), fatal: z.boolean().default(false) }),
  sideEffects: false,
  async run({ props, inputs, execution }) {
    const key = `${execution.id}/${execution.nodeId}`;
    const n = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, n);
    if (n <= props.failures) {
      if (props.fatal) throw new UserError('BAD_REQUEST', `fatal failure ${n}`);
      throw new OperationalError('FLAKY', `flaky failure ${n}`);
    }
    return { out: inputs.in ?? n };
  },
});

const slow = defineNode({
  type: 'test-slow',
  title: 'Test slow',
  category: 'Utility',
  description:
    'Takes `ms` milliseconds (optionally ignoring its abort signal), then passes its input on.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({ ms: z.int().default(50), ignoreSignal: z.boolean().default(false) }),
  sideEffects: false,
  async run({ props, inputs, signal }) {
    await sleep(props.ms, props.ignoreSignal ? undefined : signal);
    return { out: inputs.in ?? props.ms };
  },
});

const effect = defineNode({
  type: 'test-effect',
  title: 'Test side effect',
  category: 'Utility',
  description: 'Records its input in effectLog[log] (a side effect); fails when `fail` is set.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    log: z.string().default('default'),
    target: z.string().optional(),
    fail: z.boolean().default(false),
    ms: z.int().default(0),
  }),
  sideEffects: true,
  target: (props) => props.target,
  async run({ props, inputs, signal }) {
    if (props.ms > 0) await sleep(props.ms, signal);
    if (props.fail)
      throw new OperationalError('TARGET_DOWN', `${props.target ?? 'target'} is down`);
    const calls = effectLog.get(props.log) ?? [];
    calls.push(inputs.in);
    effectLog.set(props.log, calls);
    return { out: inputs.in };
  },
});

const branch = defineNode({
  type: 'test-branch',
  title: 'Test branch',
  category: 'Logic',
  description: 'Sends its input to port `a` or `b`.',
  inputs: { in: 'any' },
  outputs: { a: 'any', b: 'any' },
  props: z.object({ port: z.enum(['a', 'b']).default('a') }),
  sideEffects: false,
  async run({ props, inputs }) {
    return { [props.port]: inputs.in ?? true };
  },
});

const join = defineNode({
  type: 'test-join',
  title: 'Test join',
  category: 'Logic',
  description: 'Joins inputs `a` and `b` with the given mode.',
  inputs: { a: 'any', b: 'any' },
  outputs: { out: 'json' },
  props: z.object({ mode: z.enum(['all', 'all-settled', 'first']).default('all') }),
  sideEffects: false,
  join: (props) => props.mode,
  async run({ inputs }) {
    return { out: { ...inputs } };
  },
});

const gate = defineNode({
  type: 'test-approval',
  title: 'Test approval',
  category: 'Logic',
  description: 'Waits for an approval, then routes to approved/rejected.',
  inputs: { in: 'any' },
  outputs: { approved: 'any', rejected: 'any' },
  props: z.object({ timeoutMs: z.int().default(60_000) }),
  sideEffects: false,
  async run({ props, inputs, wait, resumed }) {
    if (!resumed)
      return wait({ kind: 'approval', details: { order: inputs.in }, timeoutMs: props.timeoutMs });
    if (resumed.kind === 'approval' && resumed.decision === 'approved')
      return { approved: inputs.in };
    return { rejected: { decision: resumed.kind === 'approval' ? resumed.decision : 'timer' } };
  },
});

const counter = defineNode({
  type: 'test-count',
  title: 'Test count',
  category: 'Utility',
  description:
    'Counts its runs in workflow state under `runs:<nodeId>` (survives a crash), then passes its input on.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({}),
  sideEffects: false,
  async run({ inputs, state, execution }) {
    await state.increment(`runs:${execution.nodeId}`, 1);
    return { out: inputs.in ?? 0 };
  },
});

export const testNodes = { source, flaky, slow, effect, branch, join, gate, counter };

/** The product's registry plus the test types. */
export const testRegistry: Record<string, AnyNodeDefinition> = {
  ...nodeRegistry,
  ...Object.fromEntries(Object.values(testNodes).map((d) => [d.type, d])),
};

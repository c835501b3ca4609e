import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runNodeForTest } from '../testing/run-node';
import aggregate from './aggregate';

const vote = (inputs: Record<string, unknown>, props: z.input<typeof aggregate.props> = {}) =>
  runNodeForTest(aggregate, { inputs, props });

describe('aggregate', () => {
  it('majority: more yes than no decides yes; a tie is no', async () => {
    expect(Object.keys((await vote({ a: true, b: true, c: false })).outputs)).toEqual(['yes']);
    expect(Object.keys((await vote({ a: true, b: false })).outputs)).toEqual(['no']);
  });

  it('all-agree: yes only when every signal that arrived says yes', async () => {
    expect(Object.keys((await vote({ a: true, b: true }, { mode: 'all-agree' })).outputs)).toEqual([
      'yes',
    ]);
    expect(
      Object.keys((await vote({ a: true, b: true, c: false }, { mode: 'all-agree' })).outputs),
    ).toEqual(['no']);
  });

  it('weighted: the yes share of the weight must pass the threshold; input weights win over props', async () => {
    const { outputs } = await vote(
      { a: { signal: true, weight: 3 }, b: false, c: false },
      { mode: 'weighted', threshold: 0.5 },
    );
    expect(outputs.yes).toMatchObject({ decision: true, score: 0.6, mode: 'weighted' });
    const light = await vote({ a: true, b: false }, { mode: 'weighted', weightA: 1, weightB: 3 });
    expect(light.outputs.no).toMatchObject({ decision: false, score: 0.25 });
  });

  it('counts only the inputs that arrived (a skipped branch does not vote)', async () => {
    const { outputs } = await vote({ b: true });
    expect(outputs.yes).toMatchObject({ votes: [{ input: 'b', signal: true, weight: 1 }] });
    expect(aggregate.join?.({} as never)).toBe('all-settled');
  });

  it('refuses signals that are not booleans, naming the input', async () => {
    await expect(vote({ a: 'yes' })).rejects.toThrow(
      'aggregate: input "a" must be a boolean or { signal, weight }',
    );
    await expect(vote({ a: { signal: true, weight: -1 } })).rejects.toThrow(
      'aggregate: input "a".weight must be a number ≥ 0',
    );
    await expect(vote({})).rejects.toThrow('aggregate: no signal arrived');
  });
});

import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import merge from './merge';

describe('merge', () => {
  it('waits for all branches: an object of every input that arrived', async () => {
    const { outputs } = await runNodeForTest(merge, { inputs: { a: { bid: 1 }, b: { ask: 2 } } });
    expect(outputs).toEqual({ out: { a: { bid: 1 }, b: { ask: 2 } } });
  });

  it('leaves out skipped branches when waiting for all', async () => {
    const { outputs } = await runNodeForTest(merge, { inputs: { b: 0, c: null } });
    expect(outputs).toEqual({ out: { b: 0, c: null } });
  });

  it('sends the first value to arrive in "first" mode', async () => {
    const { outputs } = await runNodeForTest(merge, {
      inputs: { b: 'fast' },
      props: { mode: 'first' },
    });
    expect(outputs).toEqual({ out: 'fast' });
  });

  it('produces nothing in "first" mode when nothing arrived', async () => {
    expect((await runNodeForTest(merge, { props: { mode: 'first' } })).outputs).toEqual({});
  });

  it('asks the executor for the matching join', () => {
    expect(merge.join?.(merge.props.parse({}))).toBe('all-settled');
    expect(merge.join?.(merge.props.parse({ mode: 'first' }))).toBe('first');
  });

  it('refuses an unknown mode', () => {
    expect(propIssues(merge, { mode: 'race' })).toEqual([
      'mode: must be one of "wait-all", "first"',
    ]);
  });
});

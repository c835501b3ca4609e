import { describe, expect, it } from 'vitest';
import { createMemoryState } from '../runtime/state';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import counter from './counter';

describe('counter', () => {
  it('counts from 0 and sends the new count', async () => {
    const state = createMemoryState();
    expect((await runNodeForTest(counter, { state })).outputs).toEqual({ out: 1 });
    expect((await runNodeForTest(counter, { state })).outputs).toEqual({ out: 2 });
    expect(state.entries.get('count')).toBe(2);
  });

  it('adds "by", which may be negative or fractional', async () => {
    const state = createMemoryState({ fills: 10 });
    expect(
      (await runNodeForTest(counter, { props: { key: 'fills', by: -3 }, state })).outputs,
    ).toEqual({ out: 7 });
    expect(
      (await runNodeForTest(counter, { props: { key: 'fills', by: 0.5 }, state })).outputs,
    ).toEqual({ out: 7.5 });
  });

  it('resets to 0', async () => {
    const state = createMemoryState({ count: 41 });
    expect((await runNodeForTest(counter, { props: { mode: 'reset' }, state })).outputs).toEqual({
      out: 0,
    });
    expect(state.entries.get('count')).toBe(0);
  });

  it('counts per key with placeholders', async () => {
    const state = createMemoryState();
    const props = { key: 'orders.{{input.side}}' };
    await runNodeForTest(counter, { inputs: { in: { side: 'buy' } }, props, state });
    await runNodeForTest(counter, { inputs: { in: { side: 'buy' } }, props, state });
    await runNodeForTest(counter, { inputs: { in: { side: 'sell' } }, props, state });
    expect(Object.fromEntries(state.entries)).toEqual({ 'orders.buy': 2, 'orders.sell': 1 });
  });

  it('fails naming the key when it holds something other than a number', async () => {
    const state = createMemoryState({ count: 'many' });
    await expect(runNodeForTest(counter, { state })).rejects.toThrow(
      'state "count" holds "many", not a number',
    );
  });

  it('refuses a non-numeric or huge step and an unknown mode', () => {
    expect(propIssues(counter, { by: '1' })).toEqual(['by: expected number, received string']);
    expect(propIssues(counter, { by: 1e10 })).toEqual(['by: must be ≤ 1000000000']);
    expect(propIssues(counter, { mode: 'double' })).toEqual([
      'mode: must be one of "increment", "reset"',
    ]);
  });
});

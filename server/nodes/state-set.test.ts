import { describe, expect, it } from 'vitest';
import { createMemoryState } from '../runtime/state';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import stateSet from './state-set';

describe('state-set', () => {
  it('stores the input under the key and sends it on', async () => {
    const state = createMemoryState();
    const input = { p: 101.5 };
    const { outputs } = await runNodeForTest(stateSet, {
      inputs: { in: input },
      props: { key: 'lastPrice' },
      state,
    });
    expect(outputs).toEqual({ out: input });
    expect(state.entries.get('lastPrice')).toEqual(input);
  });

  it('stores a fixed value, or a field of the input through a placeholder', async () => {
    const state = createMemoryState();
    await runNodeForTest(stateSet, {
      props: { key: 'mode', valueFrom: 'value', value: 'paper' },
      state,
    });
    expect(state.entries.get('mode')).toBe('paper');
    const { outputs } = await runNodeForTest(stateSet, {
      inputs: { in: { quote: { bid: 99 } } },
      props: { key: 'bid', valueFrom: 'value', value: '{{input.quote.bid}}' },
      state,
    });
    expect(outputs).toEqual({ out: 99 });
    expect(state.entries.get('bid')).toBe(99);
  });

  it('stores null when no input arrived', async () => {
    const state = createMemoryState({ last: 1 });
    expect((await runNodeForTest(stateSet, { state })).outputs).toEqual({ out: null });
    expect(state.entries.get('last')).toBeNull();
  });

  it('fills key placeholders and fails naming the key when one finds nothing', async () => {
    const state = createMemoryState();
    await runNodeForTest(stateSet, {
      inputs: { in: { symbol: 'ETH', qty: 2 } },
      props: { key: 'pos.{{input.symbol}}' },
      state,
    });
    expect(state.entries.get('pos.ETH')).toEqual({ symbol: 'ETH', qty: 2 });
    await expect(
      runNodeForTest(stateSet, { inputs: { in: 5 }, props: { key: 'pos.{{input.symbol}}' } }),
    ).rejects.toThrow('key: {{input.symbol}} has no value (input is 5)');
  });

  it('is not a side effect: workflow state is internal', () => {
    expect(stateSet.sideEffects).toBe(false);
  });

  it('refuses an unknown source and a bad key', () => {
    expect(propIssues(stateSet, { valueFrom: 'trigger' })).toEqual([
      'valueFrom: must be one of "input", "value"',
    ]);
    expect(propIssues(stateSet, { key: '' })).toEqual(['key: must be at least 1 character long']);
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryState } from '../runtime/state';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import stateGet from './state-get';

describe('state-get', () => {
  it('sends the stored value', async () => {
    const state = createMemoryState({ lastPrice: { p: 101.5 } });
    const { outputs } = await runNodeForTest(stateGet, { props: { key: 'lastPrice' }, state });
    expect(outputs).toEqual({ out: { p: 101.5 } });
  });

  it('sends the default while the key holds nothing', async () => {
    const { outputs } = await runNodeForTest(stateGet, { props: { key: 'lastPrice', default: 0 } });
    expect(outputs).toEqual({ out: 0 });
    expect((await runNodeForTest(stateGet, { props: { key: 'x' } })).outputs).toEqual({
      out: null,
    });
  });

  it('sends falsy stored values as they are', async () => {
    const state = createMemoryState({ flag: false, n: 0 });
    expect(
      (await runNodeForTest(stateGet, { props: { key: 'flag', default: true }, state })).outputs,
    ).toEqual({ out: false });
    expect(
      (await runNodeForTest(stateGet, { props: { key: 'n', default: 5 }, state })).outputs,
    ).toEqual({ out: 0 });
  });

  it('fills key placeholders from the input, to keep one value per symbol', async () => {
    const state = createMemoryState({ 'position.ETH': 2, 'position.BTC': 1 });
    const { outputs } = await runNodeForTest(stateGet, {
      inputs: { in: { symbol: 'ETH' } },
      props: { key: 'position.{{input.symbol}}' },
      state,
    });
    expect(outputs).toEqual({ out: 2 });
  });

  it('fails naming the key when a placeholder finds nothing', async () => {
    await expect(
      runNodeForTest(stateGet, { inputs: { in: {} }, props: { key: 'p.{{input.symbol}}' } }),
    ).rejects.toThrow('key: {{input.symbol}} has no value (input is {})');
  });

  it('refuses an empty or overlong key and a bad placeholder', () => {
    expect(propIssues(stateGet, { key: ' ' })).toEqual(['key: must be at least 1 character long']);
    expect(propIssues(stateGet, { key: 'k'.repeat(201) })).toEqual([
      'key: must be at most 200 characters long',
    ]);
    expect(propIssues(stateGet, { key: '{{state.x}}' })).toEqual([
      'key: placeholder {{state.x}} must start with "input" or "trigger"',
    ]);
  });
});

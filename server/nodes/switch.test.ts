import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import switchNode from './switch';

const route = (input: unknown, cases: (string | number | boolean | null)[], value = 'input.side') =>
  runNodeForTest(switchNode, { inputs: { in: input }, props: { value, cases } });

describe('switch', () => {
  it.each([
    ['buy', 'case1'],
    ['sell', 'case2'],
    ['hold', 'case3'],
    ['close', 'case4'],
  ])('sends side %s to %s', async (side, port) => {
    const input = { side };
    const { outputs } = await route(input, ['buy', 'sell', 'hold', 'close']);
    expect(outputs).toEqual({ [port]: input });
  });

  it('sends an unmatched value to "default"', async () => {
    expect((await route({ side: 'short' }, ['buy', 'sell'])).outputs).toEqual({
      default: { side: 'short' },
    });
  });

  it('sends nothing matched to "default", when the expression finds nothing', async () => {
    expect((await route({}, ['buy'])).outputs).toEqual({ default: {} });
  });

  it('compares exactly and takes the first matching case', async () => {
    expect((await route({ n: 5 }, ['5', 5], 'input.n')).outputs).toEqual({ case2: { n: 5 } });
    expect((await route({ n: 5 }, [5, 5], 'input.n')).outputs).toEqual({ case1: { n: 5 } });
    expect((await route({ f: null }, [false, null], 'input.f')).outputs).toEqual({
      case2: { f: null },
    });
  });

  it('computes the value with JSONata', async () => {
    const { outputs } = await route(
      { price: 120 },
      ['high', 'low'],
      'input.price > 100 ? "high" : "low"',
    );
    expect(outputs).toEqual({ case1: { price: 120 } });
  });

  it('fails with the place of an evaluation error', async () => {
    await expect(route({}, [], '$number("abc") + $undefinedFn()')).rejects.toThrow(
      /^value: .* at line 1/,
    );
  });

  it('refuses bad JSONata, more than four cases and object cases', () => {
    expect(propIssues(switchNode, { value: 'input.[' })[0]).toMatch(
      /^value: is not valid JSONata: Expected "]" before end of expression at line 1/,
    );
    expect(propIssues(switchNode, { cases: [1, 2, 3, 4, 5] })).toEqual([
      'cases: must have at most 4 items',
    ]);
    expect(propIssues(switchNode, { cases: [{ a: 1 }] })).toHaveLength(1);
  });
});

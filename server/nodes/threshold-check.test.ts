import { describe, expect, it } from 'vitest';
import { runNodeForTest } from '../testing/run-node';
import thresholdCheck from './threshold-check';

const check = (value: unknown, props?: { threshold?: number; inclusive?: boolean }) =>
  runNodeForTest(thresholdCheck, { inputs: { in: value }, props });

describe('threshold-check', () => {
  it('sends a value above the threshold to "above" only', async () => {
    expect((await check(105, { threshold: 100 })).outputs).toEqual({ above: 105 });
  });

  it('sends a value below the threshold to "below" only', async () => {
    expect((await check(95.5, { threshold: 100 })).outputs).toEqual({ below: 95.5 });
  });

  it('sends a value equal to the threshold to "below", or to "above" when inclusive', async () => {
    expect((await check(100, { threshold: 100 })).outputs).toEqual({ below: 100 });
    expect((await check(100, { threshold: 100, inclusive: true })).outputs).toEqual({ above: 100 });
  });

  it('compares negative numbers and fractions exactly', async () => {
    expect((await check(-0.01, { threshold: 0 })).outputs).toEqual({ below: -0.01 });
    expect((await check(0.30000000000000004, { threshold: 0.3 })).outputs).toEqual({
      above: 0.30000000000000004,
    });
  });

  it('reads a numeric string (a price from a webhook body) as its number', async () => {
    expect((await check('101.25', { threshold: 100 })).outputs).toEqual({ above: 101.25 });
    expect((await check(' 7 ', { threshold: 10 })).outputs).toEqual({ below: 7 });
  });

  it('defaults to threshold 0, not inclusive', async () => {
    const { props, outputs } = await check(0);
    expect(props).toEqual({ threshold: 0, field: '', inclusive: false });
    expect(outputs).toEqual({ below: 0 });
  });

  it.each([
    ['a word', 'abc', 'input is not a number: "abc"'],
    ['NaN', Number.NaN, 'input is not a number: NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'input is not a number: Infinity'],
    ['an object', { price: 5 }, 'input is not a number: {"price":5}'],
    ['null (a missing price)', null, 'input is not a number: null'],
    ['an empty string', '', 'input is not a number: ""'],
    ['a boolean', true, 'input is not a number: true'],
    ['an empty array', [], 'input is not a number: []'],
    ['nothing', undefined, 'input is not a number: nothing arrived'],
  ])('fails clearly on %s instead of treating it as a number', async (_, value, message) => {
    await expect(check(value, { threshold: -1 })).rejects.toThrow(message);
  });

  it('refuses props of the wrong type', async () => {
    await expect(check(1, { threshold: '5' as unknown as number })).rejects.toThrow(/threshold/);
    await expect(check(1, { threshold: Number.POSITIVE_INFINITY })).rejects.toThrow(/threshold/);
  });
});

describe('threshold-check with a field', () => {
  it('reads the number from a dotted path and passes the whole object on', async () => {
    const quote = { quote: { price: 101.5 }, symbol: 'BTC' };
    const { outputs } = await runNodeForTest(thresholdCheck, {
      inputs: { in: quote },
      props: { field: 'quote.price', threshold: 100 },
    });
    expect(outputs).toEqual({ above: quote });
  });

  it('names the field when it holds no number', async () => {
    await expect(
      runNodeForTest(thresholdCheck, {
        inputs: { in: { quote: {} } },
        props: { field: 'quote.price', threshold: 1 },
      }),
    ).rejects.toThrow('input field "quote.price" is not a number');
  });
});

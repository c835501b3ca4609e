import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import compare from './compare';

type Props = z.input<typeof compare.props>;
const run = (inputs: { a?: unknown; b?: unknown }, props: Props) =>
  runNodeForTest(compare, { inputs, props });
const port = async (inputs: { a?: unknown; b?: unknown }, props: Props) =>
  Object.keys((await run(inputs, props)).outputs)[0];

describe('compare', () => {
  it('sends a to "true" when the comparison holds and to "false" when not', async () => {
    const a = { price: 105 };
    expect((await run({ a }, { operator: 'gt', field: 'price', value: 100 })).outputs).toEqual({
      true: a,
    });
    expect((await run({ a }, { operator: 'lt', field: 'price', value: 100 })).outputs).toEqual({
      false: a,
    });
  });

  it.each([
    ['eq', 5, 5, 'true'],
    ['eq', 5, 6, 'false'],
    ['ne', 5, 6, 'true'],
    ['gt', 6, 5, 'true'],
    ['gt', 5, 5, 'false'],
    ['gte', 5, 5, 'true'],
    ['lt', 4, 5, 'true'],
    ['lte', 5, 5, 'true'],
    ['lte', 6, 5, 'false'],
  ] as const)('%s: %s against %s is %s', async (operator, a, value, expected) => {
    expect(await port({ a }, { operator, value })).toBe(expected);
  });

  it('reads numeric texts as numbers, and orders other texts alphabetically', async () => {
    expect(await port({ a: '101.5' }, { operator: 'gt', value: 100 })).toBe('true');
    expect(await port({ a: '5' }, { operator: 'eq', value: 5 })).toBe('true');
    expect(await port({ a: '10' }, { operator: 'gt', value: '9' })).toBe('true');
    expect(await port({ a: '2026-03-01' }, { operator: 'gt', value: '2026-02-28' })).toBe('true');
    expect(await port({ a: 'abc' }, { operator: 'eq', value: 'abc' })).toBe('true');
  });

  it('compares structures by value for eq and ne', async () => {
    const props = { operator: 'eq', against: 'input-b' } as const;
    expect(await port({ a: { x: [1, 2] }, b: { x: [1, 2] } }, props)).toBe('true');
    expect(await port({ a: { x: [1, 2] }, b: { x: [2, 1] } }, props)).toBe('false');
  });

  it('compares a field of input a with the same field of input b', async () => {
    const props = { operator: 'gt', field: 'quote.bid', against: 'input-b' } as const;
    const a = { quote: { bid: 10 } };
    expect((await run({ a, b: { quote: { bid: 9 } } }, props)).outputs).toEqual({ true: a });
    expect((await run({ a, b: { quote: { bid: 11 } } }, props)).outputs).toEqual({ false: a });
  });

  it('fails clearly when a value is missing', async () => {
    await expect(run({}, { operator: 'eq' })).rejects.toThrow('a: nothing arrived');
    await expect(run({ a: { bid: 1 } }, { field: 'ask' })).rejects.toThrow(
      'a.ask: no such field in {"bid":1}',
    );
    await expect(run({ a: { bid: 1 } }, { field: 'bid', against: 'input-b' })).rejects.toThrow(
      'b.bid: nothing arrived',
    );
  });

  it('fails clearly when values cannot be ordered', async () => {
    await expect(run({ a: 'abc' }, { operator: 'gt', value: 5 })).rejects.toThrow(
      'a gt value: cannot order "abc" against 5 (gt needs two numbers or two texts)',
    );
    await expect(run({ a: { p: true } }, { operator: 'lt', field: 'p', value: 1 })).rejects.toThrow(
      /^a\.p lt value: cannot order true/,
    );
  });

  it('refuses bad props with a clear rule', () => {
    expect(propIssues(compare, { operator: '>' })[0]).toMatch(/^operator: must be one of "eq"/);
    expect(propIssues(compare, { field: 'a..b' })).toEqual([
      'field: must be a dotted path like "price" or "order.items.0.qty"',
    ]);
    expect(propIssues(compare, { field: '__proto__.x' })).toHaveLength(1);
    expect(propIssues(compare, { against: 'input-c' })).toEqual([
      'against: must be one of "value", "input-b"',
    ]);
    expect(propIssues(compare, { value: { a: 1 } })).toHaveLength(1);
  });
});

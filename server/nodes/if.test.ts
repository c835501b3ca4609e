import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import ifNode from './if';

const check = (condition: string, input: unknown, trigger?: unknown) =>
  runNodeForTest(ifNode, { inputs: { in: input }, props: { condition }, trigger });

describe('if', () => {
  it('sends the input to "true" when the condition holds', async () => {
    const input = { price: 105 };
    expect((await check('input.price > 100', input)).outputs).toEqual({ true: input });
  });

  it('sends the input to "false" when it does not', async () => {
    const input = { price: 95 };
    expect((await check('input.price > 100', input)).outputs).toEqual({ false: input });
  });

  it('reads the trigger too', async () => {
    const { outputs } = await check('trigger.mode = "live"', { x: 1 }, { mode: 'live' });
    expect(outputs).toEqual({ true: { x: 1 } });
  });

  it.each([
    ['a missing field', 'input.nope', false],
    ['0', '0', false],
    ['empty text', '""', false],
    ['an empty list', '[]', false],
    ['an empty object', '{}', false],
    ['null', 'null', false],
    ['a non-empty text', '"x"', true],
    ['a list with a true member', '[false, true]', true],
    ['a non-empty object', '{"a": 1}', true],
  ])('counts %s as %s, as JSONata does', async (_, condition, expected) => {
    const { outputs } = await check(condition, { a: 1 });
    expect(Object.keys(outputs)).toEqual([String(expected)]);
  });

  it('routes when no input arrived, passing null on', async () => {
    expect((await check('true', undefined)).outputs).toEqual({ true: null });
  });

  it('fails with the position of an evaluation error', async () => {
    await expect(check('input.name + 1', { name: 'eth' })).rejects.toThrow(
      /^condition: The left side of the "\+" operator must evaluate to a number at line 1, column \d+ \[T2001\]$/,
    );
  });

  it('refuses a condition that is not JSONata, naming the place', () => {
    expect(propIssues(ifNode, { condition: 'input.price >' })).toEqual([
      'condition: is not valid JSONata: Unexpected end of expression at line 1, column 13 [S0207]',
    ]);
    expect(propIssues(ifNode, { condition: 'input.a and\n  (input.b' })[0]).toMatch(
      /^condition: is not valid JSONata: Expected "\)" before end of expression at line 2, column \d+/,
    );
    expect(propIssues(ifNode, { condition: '' })).toEqual([
      'condition: must be at least 1 character long',
    ]);
  });

  it('has a default condition and no side effects', async () => {
    expect((await runNodeForTest(ifNode, { inputs: { in: 1 } })).outputs).toEqual({ true: 1 });
    expect(ifNode.sideEffects).toBe(false);
  });
});

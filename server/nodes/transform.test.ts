import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import { compileExpression } from './shared/jsonata';
import transform from './transform';

const apply = (
  expression: string,
  input: unknown,
  extra: { timeoutMs?: number; trigger?: unknown } = {},
) =>
  runNodeForTest(transform, {
    inputs: { in: input },
    props: { expression, timeoutMs: extra.timeoutMs },
    trigger: extra.trigger,
  });

describe('transform', () => {
  it('reshapes the input with JSONata', async () => {
    const { outputs } = await apply(
      '{ "pair": input.symbol, "mid": (input.bid + input.ask) / 2 }',
      { symbol: 'ETH', bid: 99, ask: 101 },
    );
    expect(outputs).toEqual({ out: { pair: 'ETH', mid: 100 } });
  });

  it('sends plain arrays, not JSONata sequences', async () => {
    const { outputs } = await apply('input.items.price', { items: [{ price: 1 }, { price: 2 }] });
    expect(outputs.out).toEqual([1, 2]);
    expect(Object.keys(outputs.out as object)).toEqual(['0', '1']);
  });

  it('reads the trigger', async () => {
    expect((await apply('trigger.user', null, { trigger: { user: 'ana' } })).outputs).toEqual({
      out: 'ana',
    });
  });

  it('produces nothing (skipping what follows) when the expression finds nothing', async () => {
    expect((await apply('input.nope', { a: 1 })).outputs).toEqual({});
  });

  it('compiles each expression once', () => {
    expect(compileExpression('input.a + 1')).toBe(compileExpression('input.a + 1'));
  });

  it('fails with the line and column of an evaluation error', async () => {
    await expect(apply('{\n  "x": input.name * 2\n}', { name: 'eth' })).rejects.toThrow(
      /^expression: The left side of the "\*" operator must evaluate to a number at line 2, column \d+ \[T2001\]$/,
    );
  });

  it('fails when the expression gives a function', async () => {
    await expect(apply('function($x) { $x }', 1)).rejects.toThrow(
      'expression: the expression gives a function, not a value',
    );
  });

  it('stops an endless expression at its time limit', async () => {
    const started = Date.now();
    await expect(
      apply('($f := function($n) { $f($n + 1) }; $f(0))', 1, { timeoutMs: 50 }),
    ).rejects.toThrow(
      /^expression: Evaluation timeout after 50 milliseconds\. Check for infinite loop at line 1, column \d+ \[D1012\]$/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops runaway recursion at its depth limit', async () => {
    await expect(
      apply('($f := function($n) { 1 + $f($n + 1) }; $f(0))', 1, { timeoutMs: 5_000 }),
    ).rejects.toThrow(/^expression: .*(stack|deep)/i);
  });

  it('refuses an expression that does not parse, naming the place', () => {
    expect(propIssues(transform, { expression: '{ "a": input.b ' })[0]).toMatch(
      /^expression: is not valid JSONata: Expected "}" before end of expression at line 1, column \d+ \[S0203\]$/,
    );
  });

  it('refuses time limits outside 10 ms – 10 s', () => {
    expect(propIssues(transform, { timeoutMs: 5 })).toEqual(['timeoutMs: must be ≥ 10']);
    expect(propIssues(transform, { timeoutMs: 10_001 })).toEqual(['timeoutMs: must be ≤ 10000']);
  });
});

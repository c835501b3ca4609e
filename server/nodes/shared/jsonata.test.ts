import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression } from './jsonata';
import { toJson } from './values';

/** A small seeded generator, so a failure names a case that can be run again. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const NAMES = ['input', 'trigger', 'a', 'b', 'price', 'x y', 'toString', 'constructor', 'length'];

function generators(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const name = () => {
    const n = pick(NAMES);
    return /^[a-z]+$/i.test(n) ? n : `\`${n}\``;
  };
  const literal = () =>
    pick([
      () => JSON.stringify(pick(['sell', '', 'é', 'a"b', '__proto__'])),
      () => String(pick([0, 1, -1, 1.5, 1e21, -0.25])),
      () => '-0',
      () => pick(['true', 'false', 'null']),
    ])();
  const path = () => {
    const steps = [pick(['input', 'trigger', name()])];
    while (random() < 0.5) steps.push(name());
    return steps.join('.');
  };
  // Forms the direct path does not take: JSONata must answer them the same way through it.
  const other = (depth: number) =>
    pick([
      () => `${path()}[0]`,
      () => `${path()}[]`,
      () => `[${expression(depth + 1)}]`,
      () => `${path()} + 1`,
      () => `$string(${path()})`,
      () => `(${path()})`,
      () => `$.${path()}`,
      () => `{ ${path()}: 1 }`,
    ])();
  function expression(depth = 0): string {
    const r = random();
    if (depth > 2 || r < 0.35) return path();
    if (r < 0.5) return literal();
    if (r < 0.9) {
      const pairs = Array.from({ length: Math.floor(random() * 4) }, () => {
        const key = JSON.stringify(pick(['side', 'price', 'a', 'b', '__proto__', 'x y']));
        return `${key}: ${expression(depth + 1)}`;
      });
      return `{ ${pairs.join(', ')} }`;
    }
    return other(depth);
  }
  function value(depth = 0): unknown {
    const r = random();
    if (depth > 3 || r < 0.4)
      return pick([0, -0, 1, 101.5, -3, '', 'abc', '101', true, false, null, undefined]);
    if (r < 0.55) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 4); i > 0; i--) object[pick(NAMES)] = value(depth + 1);
    return object;
  }
  return { expression, value };
}

/**
 * Deep equality as JSON output sees it, stricter than `toStrictEqual` here (which reads a key
 * named "constructor" as the object's class): same prototype, same keys in the same order, -0
 * apart from 0.
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as never)[k], (b as never)[k]));
}

/** What the transform node handed on before the direct path: JSONata's result as plain JSON. */
async function reference(expression: string, scope: unknown) {
  try {
    return { value: toJson(await jsonata(expression).evaluate(scope)) };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

let direct = 0;
async function actual(expression: string, scope: { input: unknown; trigger: unknown }) {
  try {
    const result = evaluateExpression('expression', expression, scope);
    if (!(result instanceof Promise)) direct++;
    return { value: await result };
  } catch (err) {
    return { error: String((err as Error).message) };
  }
}

describe('JSONata direct path', () => {
  it('gives what JSONata gives, on many random expressions and inputs', async () => {
    const { expression, value } = generators(rng(20261207));
    let compared = 0;
    for (let i = 0; i < 2_000; i++) {
      const text = expression();
      for (let j = 0; j < 4; j++) {
        const scope = { input: value(), trigger: value() };
        // Each on its own copy: JSONata marks the arrays it meets in its input.
        const want = await reference(text, structuredClone(scope));
        const got = await actual(text, structuredClone(scope));
        const label = `${text} over ${JSON.stringify(scope)}`;
        if ('error' in want) {
          expect('error' in got, label).toBe(true);
          expect(got.error, label).toContain(want.error);
        } else {
          expect('value' in got, label).toBe(true);
          expect(same((got as { value: unknown }).value, want.value), label).toBe(true);
        }
        compared++;
      }
    }
    expect(compared).toBe(8_000);
    // Most cases must take the direct path, or this proves little.
    expect(direct).toBeGreaterThan(compared / 3);
  });

  it('answers field picks without a promise, and hands on copies, not the input', () => {
    const input = { price: 101, quote: { bid: 1 } };
    const out = evaluateExpression(
      'expression',
      '{ "side": "sell", "p": input.price, "q": input.quote }',
      {
        input,
        trigger: null,
      },
    );
    expect(out).toStrictEqual({ side: 'sell', p: 101, q: { bid: 1 } });
    expect((out as { q: object }).q).not.toBe(input.quote);
    expect(evaluateExpression('x', 'input.price', { input, trigger: null })).toBe(101);
  });

  it('leaves arrays, inherited keys and everything else to JSONata (a promise)', async () => {
    const scope = { input: { items: [{ price: 1 }, { price: 2 }] }, trigger: null };
    const arrays = evaluateExpression('x', 'input.items.price', scope);
    expect(arrays).toBeInstanceOf(Promise);
    expect(await arrays).toStrictEqual([1, 2]);
    expect(evaluateExpression('x', 'input.constructor', scope)).toBeInstanceOf(Promise);
    expect(
      evaluateExpression('x', 'input.a + 1', { input: { a: 1 }, trigger: null }),
    ).toBeInstanceOf(Promise);
  });

  it('keeps the 500 expressions used last, per time limit and text', () => {
    const hot = compileExpression('input.hot', 50);
    const cold = compileExpression('input.cold', 50);
    expect(compileExpression('input.hot', 60)).not.toBe(hot);
    for (let i = 0; i < 600; i++) {
      compileExpression(`input.x${i}`);
      expect(compileExpression('input.hot', 50)).toBe(hot);
    }
    expect(compileExpression('input.cold', 50)).not.toBe(cold);
    expect(compileExpression('input.x599')).toBe(compileExpression('input.x599'));
  });
});

/**
 * JSONata for the if, switch and transform nodes: a prop schema that rejects a bad expression
 * when the workflow is saved, a bounded cache of compiled expressions (each is parsed once, not
 * per run), and evaluation under a time and depth limit. Every expression sees `{ input, trigger }`.
 * Errors name the prop and the line and column of the expression at fault.
 */
import jsonata from 'jsonata';
import { z } from 'zod';
import { UserError } from '../../runtime/errors';
import { toJson } from './values';

export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1_000;
const MAX_DEPTH = 500;
const CACHE_SIZE = 500;

type JsonataError = { code?: string; position?: number; token?: string; message?: string };
const cache = new Map<string, jsonata.Expression>();

function where(expression: string, position: number | undefined): string {
  if (position === undefined) return '';
  const before = expression.slice(0, Math.max(0, position)).split('\n');
  return ` at line ${before.length}, column ${before.at(-1)?.length ?? 0}`;
}

function describeError(expression: string, err: unknown): string {
  if (err instanceof RangeError) return 'nests too deeply (stack overflow)';
  const e = err as JsonataError;
  const code = e.code ? ` [${e.code}]` : '';
  return `${e.message ?? String(err)}${where(expression, e.position)}${code}`;
}

/** The compiled expression (from the cache when it was compiled before); throws on bad syntax. */
export function compileExpression(
  expression: string,
  timeoutMs = DEFAULT_EXPRESSION_TIMEOUT_MS,
): jsonata.Expression {
  const key = `${timeoutMs}\u0000${expression}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const compiled = jsonata(expression, { timeout: timeoutMs, stack: MAX_DEPTH });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

/** Why an expression does not compile, or null. */
export function expressionProblem(expression: string): string | null {
  try {
    compileExpression(expression);
    return null;
  } catch (err) {
    return describeError(expression, err);
  }
}

/** A prop holding a JSONata expression, checked when the props are parsed. */
export function expressionSchema(defaultValue: string, description: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(10_000)
    .superRefine((expression, ctx) => {
      const problem = expression ? expressionProblem(expression) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: `is not valid JSONata: ${problem}` });
    })
    .default(defaultValue)
    .meta({ description, widget: 'code', language: 'jsonata' });
}

/**
 * Evaluates against `{ input, trigger }` and returns plain JSON (JSONata's sequences become
 * arrays); undefined when the expression matched nothing.
 */
export async function evaluateExpression(
  field: string,
  expression: string,
  scope: { input: unknown; trigger: unknown },
  timeoutMs = DEFAULT_EXPRESSION_TIMEOUT_MS,
): Promise<unknown> {
  let result: unknown;
  try {
    result = await compileExpression(expression, timeoutMs).evaluate(scope);
  } catch (err) {
    throw new UserError('BAD_REQUEST', `${field}: ${describeError(expression, err)}`);
  }
  if (
    typeof result === 'function' ||
    (typeof result === 'object' && result !== null && '_jsonata_lambda' in result)
  )
    throw new UserError('BAD_REQUEST', `${field}: the expression gives a function, not a value`);
  return toJson(result);
}

/** JSONata's truthiness (`$boolean`): empty text, 0, empty arrays and objects, null are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isTruthy);
  if (value === null || value === undefined) return false;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

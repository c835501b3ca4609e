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
/** A compiled expression, and its direct evaluator when it is simple enough (see `direct`). */
type Compiled = { expression: jsonata.Expression; direct: Direct | null; used: number };
/**
 * Compiled expressions by time limit, then by text: a node's expression is the same string on
 * every run, so its hash is computed once (a key made by joining the two was a new string to
 * hash, in full, on every evaluation). Least recently used first out when full.
 */
const cache = new Map<number, Map<string, Compiled>>();
let cached = 0;
let tick = 0;

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
  return compiled(expression, timeoutMs).expression;
}

function compiled(expression: string, timeoutMs: number): Compiled {
  let byText = cache.get(timeoutMs);
  const hit = byText?.get(expression);
  if (hit) {
    hit.used = ++tick;
    return hit;
  }
  const compiledExpression = jsonata(expression, { timeout: timeoutMs, stack: MAX_DEPTH });
  const entry: Compiled = {
    expression: compiledExpression,
    direct: direct(compiledExpression.ast()),
    used: ++tick,
  };
  if (cached >= CACHE_SIZE) {
    evictLeastRecent();
    byText = cache.get(timeoutMs); // eviction may have dropped this time limit's map
  }
  if (!byText) cache.set(timeoutMs, (byText = new Map()));
  byText.set(expression, entry);
  cached++;
  return entry;
}

/** Drops the entry used longest ago (a scan, only when a new expression finds the cache full). */
function evictLeastRecent() {
  let oldest: { byText: Map<string, Compiled>; text: string; timeoutMs: number } | null = null;
  let least = Infinity;
  for (const [timeoutMs, byText] of cache)
    for (const [text, entry] of byText)
      if (entry.used < least) {
        least = entry.used;
        oldest = { byText, text, timeoutMs };
      }
  if (!oldest) return;
  oldest.byText.delete(oldest.text);
  if (oldest.byText.size === 0) cache.delete(oldest.timeoutMs);
  cached--;
}

/* The direct path ---------------------------------------------------------------------------
 * Most transform expressions only pick fields: `input.price`, or an object of picked fields and
 * constants: `{ "side": "sell", "price": input.price }`. JSONata evaluates even these through
 * its asynchronous evaluator (promises at every step), which costs more than the rest of such a
 * node. `direct` compiles an AST of only names, string/number/true/false/null literals and
 * object constructors with literal keys into a plain function. It returns UNSUPPORTED, and the
 * caller asks JSONata, whenever a value it meets is one whose JSONata semantics are not simply
 * "read the key": an array (sequences, flattening, singletons), a non-plain object, a non-finite
 * number, an inherited key. A test compares both on many random expressions and inputs.
 */
const UNSUPPORTED: unique symbol = Symbol('unsupported');
type Direct = (scope: unknown) => unknown;

type AstNode = {
  type: string;
  value?: unknown;
  steps?: AstNode[];
  lhs?: [AstNode, AstNode][];
};

const onlyKeys = (node: object, allowed: readonly string[]) =>
  Object.keys(node).every((k) => allowed.includes(k));

function direct(ast: unknown): Direct | null {
  const node = ast as AstNode;
  switch (node.type) {
    case 'string':
    case 'value': {
      if (!onlyKeys(node, ['type', 'value', 'position'])) return null;
      const value = node.value;
      if (value !== null && typeof value !== 'string' && typeof value !== 'boolean') return null;
      return () => value;
    }
    case 'number': {
      const value = node.value;
      if (!onlyKeys(node, ['type', 'value', 'position'])) return null;
      if (typeof value !== 'number' || !Number.isFinite(value)) return null;
      const json = value === 0 ? 0 : value; // -0 is 0 in JSON
      return () => json;
    }
    case 'path': {
      if (!onlyKeys(node, ['type', 'steps']) || !node.steps || node.steps.length === 0) return null;
      const names: string[] = [];
      for (const step of node.steps) {
        if (step.type !== 'name' || typeof step.value !== 'string') return null;
        if (!onlyKeys(step, ['type', 'value', 'position'])) return null;
        names.push(step.value);
      }
      return (scope) => readNames(scope, names);
    }
    case 'unary': {
      if (node.value !== '{' || !onlyKeys(node, ['type', 'value', 'position', 'lhs'])) return null;
      const keys: string[] = [];
      const values: Direct[] = [];
      for (const [k, v] of node.lhs ?? []) {
        if (k.type !== 'string' || typeof k.value !== 'string') return null;
        if (!onlyKeys(k, ['type', 'value', 'position'])) return null;
        // A repeated key is a JSONata error; __proto__ would reach the prototype.
        if (keys.includes(k.value) || k.value === '__proto__') return null;
        const fn = direct(v);
        if (!fn) return null;
        keys.push(k.value);
        values.push(fn);
      }
      return (scope) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const value = values[i]!(scope);
          if (value === UNSUPPORTED) return UNSUPPORTED;
          if (value !== undefined) out[keys[i]!] = value;
        }
        return out;
      };
    }
    default:
      return null;
  }
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The value at `names` from `scope`, as `toJson` of JSONata's result would give it. */
function readNames(scope: unknown, names: string[]): unknown {
  let current = scope;
  for (const name of names) {
    if (current === undefined) return undefined;
    if (typeof current !== 'object' || current === null || Array.isArray(current))
      return UNSUPPORTED;
    if (!isPlain(current)) return UNSUPPORTED;
    if (Object.hasOwn(current, name)) current = (current as Record<string, unknown>)[name];
    else if (name in current) return UNSUPPORTED;
    else return undefined;
  }
  switch (typeof current) {
    case 'undefined':
    case 'string':
    case 'boolean':
      return current;
    case 'number':
      if (!Number.isFinite(current)) return UNSUPPORTED;
      return current === 0 ? 0 : current;
    case 'object':
      if (current === null) return null;
      if (Array.isArray(current) || !isPlain(current)) return UNSUPPORTED;
      // JSONata hands the input's own object on; the node hands on a plain-JSON copy of it.
      return toJson(current);
    default:
      return UNSUPPORTED;
  }
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
 * arrays); undefined when the expression matched nothing. Synchronous (a value, not a promise)
 * when the expression takes the direct path; a promise when JSONata evaluates it.
 */
export function evaluateExpression(
  field: string,
  expression: string,
  scope: { input: unknown; trigger: unknown },
  timeoutMs = DEFAULT_EXPRESSION_TIMEOUT_MS,
): unknown {
  let entry: Compiled;
  try {
    entry = compiled(expression, timeoutMs);
  } catch (err) {
    throw new UserError('BAD_REQUEST', `${field}: ${describeError(expression, err)}`);
  }
  if (entry.direct) {
    const value = entry.direct(scope);
    if (value !== UNSUPPORTED) return value;
  }
  return evaluateWithJsonata(field, expression, entry.expression, scope);
}

async function evaluateWithJsonata(
  field: string,
  expression: string,
  compiledExpression: jsonata.Expression,
  scope: { input: unknown; trigger: unknown },
): Promise<unknown> {
  let result: unknown;
  try {
    result = await compiledExpression.evaluate(scope);
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

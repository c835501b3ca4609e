import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { defineNode } from './define-node';
import { describeValue, jsonEqual, pathProblem, readPath, toNumber } from './shared/values';

type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

function ordered(left: unknown, right: unknown): number | null {
  const [l, r] = [toNumber(left), toNumber(right)];
  if (l !== null && r !== null) return l - r;
  if (typeof left === 'string' && typeof right === 'string')
    return left < right ? -1 : left > right ? 1 : 0;
  return null;
}

function equal(left: unknown, right: unknown): boolean {
  const [l, r] = [toNumber(left), toNumber(right)];
  const isNumeric =
    l !== null && r !== null && (typeof left === 'number' || typeof right === 'number');
  return isNumeric ? l === r : jsonEqual(left, right);
}

function holds(op: Operator, left: unknown, right: unknown, what: string): boolean {
  if (op === 'eq') return equal(left, right);
  if (op === 'ne') return !equal(left, right);
  const order = ordered(left, right);
  if (order === null)
    throw new UserError(
      'BAD_REQUEST',
      `${what}: cannot order ${describeValue(left)} against ${describeValue(right)} (${op} needs two numbers or two texts)`,
    );
  return { gt: order > 0, gte: order >= 0, lt: order < 0, lte: order <= 0 }[op];
}

function operand(port: 'a' | 'b', value: unknown, field: string): unknown {
  const found = readPath(value, field);
  if (found !== undefined) return found;
  const problem =
    value === undefined ? 'nothing arrived' : `no such field in ${describeValue(value)}`;
  throw new UserError('BAD_REQUEST', `${port}${field ? `.${field}` : ''}: ${problem}`);
}

/** Compares input `a` (or a field of it) with a value or with input `b`; routes `a` to `true`/`false`. */
export default defineNode({
  type: 'compare',
  title: 'Compare',
  category: 'Logic',
  description:
    'Compares input a (or one of its fields) with a fixed value or with input b, and sends a to "true" or "false".',
  inputs: { a: 'any', b: 'any' },
  outputs: { true: 'any', false: 'any' },
  props: z.object({
    operator: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']).default('eq').meta({
      description:
        'eq =, ne ≠, gt >, gte ≥, lt <, lte ≤. Numbers (and numeric texts) compare as numbers, other texts alphabetically.',
    }),
    field: z
      .string()
      .trim()
      .max(200)
      .refine(
        (path) => pathProblem(path) === null,
        'must be a dotted path like "price" or "order.items.0.qty"',
      )
      .default('')
      .meta({
        description:
          'Dotted path of the field to compare in a (and in b); empty compares the whole value.',
      }),
    against: z.enum(['value', 'input-b']).default('value').meta({
      description: 'Compare with the value below, or with input b.',
    }),
    value: z
      .union([z.number(), z.string().max(1_000), z.boolean(), z.null()])
      .default(0)
      .meta({
        description: 'The value a is compared with, when comparing against a value.',
        widget: 'scrub',
      }),
  }),
  sideEffects: false,
  requiredInputs: (props) => (props.against === 'input-b' ? ['a', 'b'] : ['a']),
  async run({ inputs, props }) {
    const isAgainstB = props.against === 'input-b';
    const left = operand('a', inputs.a, props.field);
    const right = isAgainstB ? operand('b', inputs.b, props.field) : props.value;
    const at = props.field ? `.${props.field}` : '';
    const what = `a${at} ${props.operator} ${isAgainstB ? `b${at}` : 'value'}`;
    return holds(props.operator, left, right, what) ? { true: inputs.a } : { false: inputs.a };
  },
});

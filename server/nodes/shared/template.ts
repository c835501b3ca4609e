/**
 * `{{ input.symbol }}` placeholders in text props (a URL, a state key, a field value), filled in
 * from `{ input, trigger }` when the node runs. Paths only, no expressions: logic belongs in a
 * transform or script node. A placeholder that finds no value fails the node; it never renders
 * as "undefined".
 */
import { UserError } from '../../runtime/errors';
import { describeValue, pathProblem, readPath } from './values';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

export type TemplateScope = { input: unknown; trigger: unknown };

export function hasPlaceholders(text: string): boolean {
  return /\{\{[^{}]*\}\}/.test(text);
}

/** Why the placeholders of a text are unusable, or null: for schema refinements. */
export function templateProblem(text: string): string | null {
  for (const [, path = ''] of text.matchAll(PLACEHOLDER)) {
    const root = path.split('.')[0];
    if (root !== 'input' && root !== 'trigger')
      return `placeholder {{${path}}} must start with "input" or "trigger"`;
    const problem = pathProblem(path);
    if (problem) return `placeholder {{${path}}} ${problem}`;
  }
  return null;
}

function lookup(field: string, path: string, scope: TemplateScope): unknown {
  const value = readPath(scope, path);
  if (value === undefined || value === null) {
    const root = path.startsWith('trigger') ? 'trigger' : 'input';
    throw new UserError(
      'BAD_REQUEST',
      `${field}: {{${path}}} has no value (${root} is ${describeValue(scope[root])})`,
    );
  }
  return value;
}

/** The text with every placeholder replaced by its value (text, number or boolean), encoded. */
export function renderTemplate(
  field: string,
  text: string,
  scope: TemplateScope,
  encode: (s: string) => string = (s) => s,
): string {
  return text.replace(PLACEHOLDER, (_, path: string) => {
    const value = lookup(field, path, scope);
    if (typeof value === 'object') {
      throw new UserError(
        'BAD_REQUEST',
        `${field}: {{${path}}} is ${describeValue(value)}; only text, numbers and booleans can be filled in`,
      );
    }
    return encode(String(value));
  });
}

/**
 * A value prop: a text that is exactly one placeholder takes the value as it is (an object stays
 * an object, a number a number); other texts are rendered; anything else is used as given.
 */
export function renderValue(field: string, value: unknown, scope: TemplateScope): unknown {
  if (typeof value !== 'string') return value;
  const whole = WHOLE.exec(value);
  if (whole) return lookup(field, whole[1] ?? '', scope);
  return hasPlaceholders(value) ? renderTemplate(field, value, scope) : value;
}

import { z } from 'zod';
import { isPlainObject } from '@/lib/json-value';
import { UserError } from '../runtime/errors';
import { defineNode } from './define-node';
import { jsonValueSchema } from './shared/schemas';
import {
  hasPlaceholders,
  renderValue,
  templateProblem,
  type TemplateScope,
} from './shared/template';
import { describeValue, pathProblem } from './shared/values';

function fieldProblem(path: string, value: unknown): string | null {
  if (path === '' || path.length > 200 || pathProblem(path))
    return 'must be a dotted path like "price" or "order.side", up to 200 characters';
  return typeof value === 'string' ? templateProblem(value) : null;
}

/**
 * Sets `path` in `target`, a fresh copy of the input's top level: each object on the way is
 * copied before it is changed (once: `copied` remembers the copies), so the input itself is never
 * changed and what the path does not touch is shared rather than deep-cloned.
 */
function setPath(
  target: Record<string, unknown>,
  field: Field,
  value: unknown,
  copied: WeakSet<object>,
) {
  const segments = field.segments;
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (next === undefined) copied.add((node[segment] = {}) as object);
    else if (isPlainObject(next)) {
      if (!copied.has(next)) copied.add((node[segment] = { ...next }) as object);
    } else {
      const prefix = segments.slice(0, i + 1).join('.');
      throw new UserError(
        'BAD_REQUEST',
        `fields.${field.path}: "${prefix}" holds ${describeValue(next)}, not an object`,
      );
    }
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]!] = value;
}

/** A field as the node applies it: its path split once, and whether its value needs rendering. */
type Field = {
  path: string;
  segments: string[];
  value: unknown;
  /** Holds placeholders: rendered per run. */
  template: boolean;
  /** The message prefix of its errors. */
  name: string;
};

/** The fields of a props object, prepared once (props objects are reused while they are unchanged). */
const prepared = new WeakMap<Record<string, unknown>, Field[]>();

function fieldsOf(fields: Record<string, unknown>): Field[] {
  let list = prepared.get(fields);
  if (!list) {
    list = Object.entries(fields).map(([path, value]) => ({
      path,
      segments: path.split('.'),
      value,
      template: typeof value === 'string' && hasPlaceholders(value),
      name: `fields.${path}`,
    }));
    prepared.set(fields, list);
  }
  return list;
}

/** Sets fields (dotted paths, `{{input.x}}` placeholders) on a copy of the input object. */
export default defineNode({
  type: 'set-fields',
  title: 'Set Fields',
  category: 'Data',
  description:
    'Sets fields on a copy of the input object. Keys are dotted paths; a text value "{{input.x}}" copies that value.',
  inputs: { in: 'json' },
  outputs: { out: 'json' },
  props: z.object({
    fields: z
      .record(z.string(), jsonValueSchema)
      .refine((fields) => Object.keys(fields).length <= 100, 'must have at most 100 fields')
      .superRefine((fields, ctx) => {
        for (const [path, value] of Object.entries(fields)) {
          const problem = fieldProblem(path, value);
          if (problem) ctx.addIssue({ code: 'custom', path: [path], message: problem });
        }
      })
      .default({})
      .meta({
        description:
          "Field path → value. Text values may hold {{input.x}} or {{trigger.x}} placeholders; exactly one placeholder keeps the value's type.",
        widget: 'key-value',
      }),
    keepOnlySet: z
      .boolean()
      .default(false)
      .meta({ description: 'Send only the fields set here, dropping the rest of the input.' }),
  }),
  sideEffects: false,
  run({ inputs, trigger, props }) {
    const input = inputs.in ?? {};
    if (!props.keepOnlySet && !isPlainObject(input))
      throw new UserError(
        'BAD_REQUEST',
        `in: ${describeValue(input)} is not an object, so fields cannot be set on it`,
      );
    const out: Record<string, unknown> = props.keepOnlySet ? {} : { ...input };
    let copied: WeakSet<object> | undefined;
    let scope: TemplateScope | undefined;
    for (const field of fieldsOf(props.fields)) {
      const value = field.template
        ? renderValue(field.name, field.value, (scope ??= { input, trigger }))
        : field.value;
      // A top-level field is set on `out` itself, a fresh object: no path to copy.
      if (field.segments.length === 1) out[field.path] = value;
      else setPath(out, field, value, (copied ??= new WeakSet<object>([out])));
    }
    return { out };
  },
});

/**
 * Reading the catalog's JSON Schema for the inspector: which widget a property gets, its label,
 * and whether a value keeps its rules (the message names the rule, as the server's do). Pure.
 */
import type { JsonSchema } from '@/components/editor/types';

export type FieldKind =
  'integer' | 'number' | 'string' | 'text' | 'code' | 'enum' | 'boolean' | 'json';

/** Follows a local `$ref` (`#/$defs/x`) against the type's root schema. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref?.match(/^#\/\$defs\/(.+)$/)?.[1];
  const target = ref ? root.$defs?.[ref] : undefined;
  return target ? { ...target, ...schema, $ref: undefined } : schema;
}

export function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum) return 'enum';
  switch (schema.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      if (schema.widget === 'code') return 'code';
      if (schema.widget === 'textarea' || schema.widget === 'template') return 'text';
      return 'string';
    default:
      return 'json';
  }
}

const units: Record<string, string> = { Ms: 'ms', Mb: 'MB', Kb: 'KB', Pct: '%', Bps: 'bps' };

/** `timeoutMs` → `Timeout (ms)`, `keepOnlySet` → `Keep only set`. */
export function humanize(key: string): string {
  const unit = Object.keys(units).find((u) => key.endsWith(u) && key.length > u.length);
  const stem = unit ? key.slice(0, -unit.length) : key;
  const words = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return unit ? `${text} (${units[unit]})` : text;
}

function typeError(schema: JsonSchema, value: unknown): string | null {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return null;
  const fits = types.some((t) => {
    switch (t) {
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'string':
        return typeof value === 'string';
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      case 'array':
        return Array.isArray(value);
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      default:
        return true;
    }
  });
  if (fits) return null;
  if (types.length === 1 && types[0] === 'integer' && typeof value === 'number')
    return 'must be a whole number (integer)';
  return `must be ${types.map((t) => (t === 'integer' ? 'a whole number' : `a ${t}`)).join(' or ')} (type)`;
}

function boundsError(schema: JsonSchema, value: unknown): string | null {
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return `must be ≥ ${schema.minimum} (minimum)`;
    if (schema.maximum !== undefined && value > schema.maximum)
      return `must be ≤ ${schema.maximum} (maximum)`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return `must be > ${schema.exclusiveMinimum} (exclusiveMinimum)`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      return `must be < ${schema.exclusiveMaximum} (exclusiveMaximum)`;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return schema.minLength === 1
        ? 'must not be empty (minLength 1)'
        : `must be at least ${schema.minLength} characters (minLength)`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      return `must be at most ${schema.maxLength} characters (maxLength)`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      return `must match ${schema.pattern} (pattern)`;
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return `must have at most ${schema.maxItems} items (maxItems)`;
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return `must have at least ${schema.minItems} items (minItems)`;
  }
  return null;
}

/**
 * Why a value breaks its schema, or null. Nested values name their path (`headers.Accept: …`).
 *
 * @example validateValue({ type: 'integer', minimum: 10 }, 5) // 'must be ≥ 10 (minimum)'
 */
export function validateValue(
  schema: JsonSchema,
  value: unknown,
  root: JsonSchema = schema,
): string | null {
  const s = resolve(schema, root);
  if (s.anyOf) {
    const errors = s.anyOf.map((branch) => validateValue(branch, value, root));
    return errors.includes(null) ? null : (errors[0] ?? null);
  }
  if (s.enum && !s.enum.some((v) => v === value))
    return `must be one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')} (enum)`;
  const own = typeError(s, value) ?? boundsError(s, value);
  if (own) return own;
  if (Array.isArray(value) && s.items) {
    for (const [i, item] of value.entries()) {
      const error = validateValue(s.items, item, root);
      if (error) return `[${i}]: ${error}`;
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) {
      const field =
        s.properties?.[key] ??
        (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      const error = field ? validateValue(field, item, root) : null;
      if (error) return `${key}${error.startsWith('[') ? '' : ': '}${error}`;
    }
  }
  return null;
}

/** Whether a slider helps: both bounds known and at most 1,000 steps between them. */
export function sliderRange(schema: JsonSchema): { min: number; max: number; step: number } | null {
  const { minimum: min, maximum: max } = schema;
  if (min === undefined || max === undefined) return null;
  const step = schema.step ?? (schema.type === 'integer' ? 1 : (max - min) / 100);
  return (max - min) / step <= 1_000 ? { min, max, step } : null;
}

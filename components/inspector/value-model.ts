/**
 * The structured editors of the inspector, as data: which editor a JSON Schema gets (scalar
 * widget, list, object foldout, key/value record, typed union, or the JSON text fallback), the
 * empty value an "Add" starts from, paths like `legs[1].venue` (the server's issue paths), and
 * the immutable edits a list or record makes. Pure: no React.
 */
import type { JsonSchema } from '@/components/editor/types';
import { formatPath } from '@/lib/zod-issues';
import { kindOf, resolve, type FieldKind } from './json-schema';

/** Deeper than this, a value is edited as JSON text. */
export const MAX_DEPTH = 4;

export type Path = readonly (string | number)[];

export type UnionBranch = { label: string; schema: JsonSchema };

export type EditorModel =
  | { kind: 'scalar'; field: Exclude<FieldKind, 'json'>; schema: JsonSchema }
  | { kind: 'null'; schema: JsonSchema }
  | { kind: 'array'; schema: JsonSchema; items: JsonSchema }
  | { kind: 'object'; schema: JsonSchema; properties: [string, JsonSchema][] }
  | { kind: 'record'; schema: JsonSchema; values: JsonSchema }
  | { kind: 'union'; schema: JsonSchema; branches: UnionBranch[] }
  | { kind: 'json'; schema: JsonSchema; reason: string };

const typeLabels: Record<string, string> = {
  string: 'Text',
  number: 'Number',
  integer: 'Integer',
  boolean: 'Boolean',
  null: 'Null',
  array: 'List',
  object: 'Object',
};

/** A schema's single JSON type, when it has exactly one. */
function singleType(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.length === 1 ? s.type[0] : undefined;
  return s.type;
}

/** `type: ['string', 'null']` reads as an anyOf of its types. */
function branchesOf(s: JsonSchema): JsonSchema[] | undefined {
  if (s.anyOf) return s.anyOf;
  if (Array.isArray(s.type) && s.type.length > 1) return s.type.map((t) => ({ ...s, type: t }));
  return undefined;
}

/**
 * The editor a schema gets at a nesting depth (0: a node's property).
 *
 * @example modelOf({ type: 'array', items: { type: 'number' } }, root).kind // 'array'
 */
export function modelOf(raw: JsonSchema, root: JsonSchema, depth = 0): EditorModel {
  const schema = resolve(raw, root);
  if (schema.widget === 'json') return { kind: 'json', schema, reason: 'any JSON value' };
  if (depth > MAX_DEPTH) return { kind: 'json', schema, reason: 'nested too deep' };
  if (schema.enum) return { kind: 'scalar', field: 'enum', schema };
  const branches = branchesOf(schema);
  if (branches) {
    const mapped: UnionBranch[] = [];
    for (const b of branches) {
      const r = resolve(b, root);
      const type = singleType(r);
      const model = modelOf(r, root, depth + 1);
      // Two branches of one type (two object shapes) cannot be told apart by a type picker.
      if (
        !type ||
        r.anyOf ||
        model.kind === 'json' ||
        mapped.some((m) => m.label === typeLabels[type])
      )
        return { kind: 'json', schema, reason: 'a union the form cannot draw' };
      mapped.push({ label: typeLabels[type] ?? type, schema: r });
    }
    // Keep the union's own description and default; the branch schema brings the rest.
    return { kind: 'union', schema, branches: mapped };
  }
  switch (singleType(schema)) {
    case 'null':
      return { kind: 'null', schema };
    case 'array':
      if (!schema.items) return { kind: 'json', schema, reason: 'a list of anything' };
      return { kind: 'array', schema, items: schema.items };
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const extra = schema.additionalProperties;
      if (properties.length > 0 && (extra === undefined || extra === false))
        return { kind: 'object', schema, properties };
      if (properties.length === 0 && typeof extra === 'object')
        return { kind: 'record', schema, values: extra };
      return { kind: 'json', schema, reason: 'an object of any shape' };
    }
    default: {
      const field = kindOf(schema);
      return field === 'json'
        ? { kind: 'json', schema, reason: 'no type' }
        : { kind: 'scalar', field, schema };
    }
  }
}

/** The union branch a value belongs to: the first whose type it has. */
export function branchIndex(branches: readonly UnionBranch[], value: unknown): number {
  const type =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'integer'
            : 'number'
          : typeof value;
  const exact = branches.findIndex((b) => singleType(b.schema) === type);
  if (exact >= 0) return exact;
  // A whole number is a number too.
  if (type === 'integer') return branches.findIndex((b) => singleType(b.schema) === 'number');
  return -1;
}

/**
 * What "Add item" or a change of union branch starts from: the schema's default, else an empty
 * value that keeps its rules where it can (the minimum of a number, the first option).
 */
export function emptyValue(raw: JsonSchema, root: JsonSchema, depth = 0): unknown {
  const s = resolve(raw, root);
  if (s.default !== undefined) return structuredClone(s.default);
  if (s.enum) return s.enum[0];
  const branches = branchesOf(s);
  if (branches) return depth > MAX_DEPTH ? null : emptyValue(branches[0]!, root, depth + 1);
  switch (singleType(s)) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return false;
    case 'array':
      return s.items && s.minItems
        ? Array.from({ length: s.minItems }, () => emptyValue(s.items!, root, depth + 1))
        : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > MAX_DEPTH) return out;
      for (const [key, prop] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(key)) out[key] = emptyValue(prop, root, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

/** Converts a value to another union branch, keeping what it can (`"5"` → 5, 5 → `"5"`). */
export function convertTo(branch: JsonSchema, value: unknown, root: JsonSchema): unknown {
  switch (singleType(branch)) {
    case 'string':
      return value === null || typeof value === 'object' ? '' : String(value);
    case 'number':
    case 'integer': {
      const n = typeof value === 'string' || typeof value === 'boolean' ? Number(value) : NaN;
      if (Number.isFinite(n) && (singleType(branch) === 'number' || Number.isInteger(n))) return n;
      return emptyValue(branch, root);
    }
    case 'boolean':
      return value === 'true' || value === 1
        ? true
        : value === 'false' || value === 0
          ? false
          : emptyValue(branch, root);
    default:
      return emptyValue(branch, root);
  }
}

// ---------------------------------------------------------------------------------------------
// Paths and edits

/** `['legs', 1, 'venue']` → `legs[1].venue`, as the server names a field in its issues. */
export const pathString = (path: Path): string => formatPath(path);

/** The path of a field below another: `pathString(join(['legs'], 1))` → `legs[1]`. */
export const join = (path: Path, key: string | number): Path => [...path, key];

export function insertAt<T>(list: readonly T[], index: number, item: T): T[] {
  return [...list.slice(0, index), item, ...list.slice(index)];
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Moves one item; out-of-range moves change nothing. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** The record with one key renamed, in the same place among the others. */
export function renameKey(
  record: Readonly<Record<string, unknown>>,
  from: string,
  to: string,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

export function withoutKey(
  record: Readonly<Record<string, unknown>>,
  key: string,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/**
 * Why a key cannot be used (empty, or already used by another entry), or null.
 *
 * @example keyError({ Accept: 'x', Host: 'y' }, 'Host', 'Accept') // '"Accept" is already used'
 */
export function keyError(
  record: Readonly<Record<string, unknown>>,
  current: string | null,
  next: string,
): string | null {
  if (next.trim() === '') return 'the key must not be empty';
  if (next !== current && Object.hasOwn(record, next)) return `"${next}" is already used`;
  return null;
}

/** A key not in the record yet: `key`, `key2`, `key3`… */
export function freshKey(record: Readonly<Record<string, unknown>>, stem = 'key'): string {
  if (!Object.hasOwn(record, stem)) return stem;
  let n = 2;
  while (Object.hasOwn(record, `${stem}${n}`)) n += 1;
  return `${stem}${n}`;
}

/** `Legs` → `Leg`, `Entries` → `Entry`, `Headers` → `Header`; otherwise `Legs item`. */
export function singular(label: string): string {
  if (/ies$/i.test(label)) return `${label.slice(0, -3)}y`;
  if (/(ss|us)$/i.test(label)) return `${label} item`;
  if (/(sh|ch|x|ss)es$/i.test(label)) return label.slice(0, -2);
  if (/s$/i.test(label)) return label.slice(0, -1);
  return `${label} item`;
}

/** Why a list of this length cannot grow or shrink (shown on the disabled button), or null. */
export function listLimits(schema: JsonSchema, length: number) {
  const { minItems, maxItems } = schema;
  return {
    add:
      maxItems !== undefined && length >= maxItems
        ? `At most ${maxItems} item${maxItems === 1 ? '' : 's'} (maxItems)`
        : null,
    remove:
      minItems !== undefined && length <= minItems
        ? `At least ${minItems} item${minItems === 1 ? '' : 's'} (minItems)`
        : null,
  };
}

/**
 * Issues that name paths inside one property, by their path below it: the save issue line
 * `props.legs[1].venue: must not be empty` becomes `{ '[1].venue': 'must not be empty' }` for
 * `legs`. A line about the property itself lands under ''.
 */
export function issuesBelow(lines: readonly string[], prop: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const m = /^(?:props\.)?([^:]*?):\s(.*)$/s.exec(line);
    if (!m) continue;
    const [, path = '', message = ''] = m;
    const rest = stripProp(path, prop);
    if (rest !== null) out[rest] ??= message;
  }
  return out;
}

/** `legs[1].venue` below `legs` → `[1].venue`, `fields.a` below `fields` → `a`; else null. */
function stripProp(path: string, prop: string): string | null {
  const head = formatPath([prop]);
  if (path === head) return '';
  if (path.startsWith(`${head}[`)) return path.slice(head.length);
  if (path.startsWith(`${head}.`)) return path.slice(head.length + 1);
  return null;
}

/** The path below a property, as `issuesBelow` keys it: `['legs', 1, 'venue']` → `[1].venue`. */
export function relativePath(path: Path): string {
  const [head, ...rest] = path;
  if (head === undefined) return '';
  const full = pathString(path);
  const top = pathString([head]);
  if (rest.length === 0) return '';
  const tail = full.slice(top.length);
  return tail.startsWith('.') ? tail.slice(1) : tail;
}

/**
 * Small, pure helpers the node types share for reading the values that flow between nodes:
 * numbers from JSON, dotted paths, JSON equality and short descriptions for error messages.
 * They never coerce silently: a missing value stays missing, so errors can say so.
 */
import { isPlainObject } from '@/lib/json-value';

/**
 * The value as a number: a finite number, or a string that is one (`"101.5"` from a webhook).
 * `Number()` alone would read null, "", false and [] as 0, so a missing price would count as 0.
 */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A short rendering of a value for an error message: `42`, `"abc"`, `{"price":5}`, `nothing arrived`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing arrived';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value;
    return text.length > 100 ? `${text.slice(0, 100)}…` : text;
  } catch {
    return typeof value;
  }
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a dotted path (`order.items.0.price`) is unusable, or null when it is fine. */
export function pathProblem(path: string): string | null {
  if (path === '') return null;
  const segments = path.split('.');
  if (segments.some((s) => s === ''))
    return 'must not have empty segments (".." or a dot at an end)';
  const reserved = segments.find((s) => RESERVED.has(s));
  return reserved ? `must not use the reserved key "${reserved}"` : null;
}

/**
 * The value at a dotted path: object keys and array indexes, own properties only.
 * An empty path is the value itself; a path that leads nowhere gives undefined.
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  if (!path.includes('.')) {
    // One key, the usual case: no split.
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, path))
      return undefined;
    return (value as Record<string, unknown>)[path];
  }
  let current = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/** A plain-JSON copy: what a node hands on must survive the checkpoint's JSON round trip. */
export function toJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

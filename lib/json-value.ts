/**
 * Rules for free-form JSON inside a workflow (node props) and its text: only plain JSON values,
 * bounded nesting, no prototype-reaching keys, and only text that Postgres can store.
 * Isomorphic and pure.
 */
import type { z } from 'zod';

/** Postgres cannot store NUL characters or unpaired UTF-16 surrogates in text or jsonb. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const TEXT_RULE = 'must not contain NUL characters or broken Unicode (unpaired surrogates)';
export const isStorableText = (s: string) => !s.includes('\u0000') && !UNPAIRED_SURROGATE.test(s);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Plain JSON (superjson could bring Dates, bigints, Maps…) with bounded depth, storable text and
 * no keys that could reach an object's prototype. `depth` counts the objects and arrays around
 * `value`, the props object itself being level 1.
 */
export function checkJson(
  value: unknown,
  ctx: z.RefinementCtx,
  maxDepth: number,
  path: PropertyKey[] = [],
  depth = 1,
): void {
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (!isStorableText(value)) ctx.addIssue({ code: 'custom', path, message: TEXT_RULE });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      ctx.addIssue({ code: 'custom', path, message: 'must be a finite number' });
    return;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) {
    const message = 'must be plain JSON: a string, number, boolean, null, array or object';
    ctx.addIssue({ code: 'custom', path, message });
    return;
  }
  if (depth > maxDepth) {
    ctx.addIssue({ code: 'custom', path, message: `must nest at most ${maxDepth} levels deep` });
    return;
  }
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, child] of entries) {
    if (typeof key === 'string' && (RESERVED_KEYS.has(key) || !isStorableText(key))) {
      const message = RESERVED_KEYS.has(key) ? 'is a reserved key' : `key ${TEXT_RULE}`;
      ctx.addIssue({ code: 'custom', path: [...path, key], message });
      continue;
    }
    checkJson(child, ctx, maxDepth, [...path, key], depth + 1);
  }
}

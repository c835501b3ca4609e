import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '@/components/editor/types';
import { humanize, kindOf, sliderRange, validateValue } from './json-schema';

describe('inspector JSON Schema helpers', () => {
  it('names properties for labels', () => {
    expect(humanize('timeoutMs')).toBe('Timeout (ms)');
    expect(humanize('memoryLimitMb')).toBe('Memory limit (MB)');
    expect(humanize('feeBps')).toBe('Fee (bps)');
    expect(humanize('keepOnlySet')).toBe('Keep only set');
    expect(humanize('url')).toBe('Url');
    expect(humanize('ms')).toBe('Ms');
  });

  it('picks a widget per schema', () => {
    expect(kindOf({ type: 'string', enum: ['a'] })).toBe('enum');
    expect(kindOf({ type: 'string', widget: 'code' })).toBe('code');
    expect(kindOf({ type: 'string', widget: 'template' })).toBe('text');
    expect(kindOf({ type: 'string' })).toBe('string');
    expect(kindOf({ type: 'integer' })).toBe('integer');
    expect(kindOf({ type: 'boolean' })).toBe('boolean');
    expect(kindOf({ type: 'object' })).toBe('json');
    expect(kindOf({ anyOf: [{ type: 'number' }, { type: 'string' }] })).toBe('json');
  });

  it('names the rule a value breaks', () => {
    const ms: JsonSchema = { type: 'integer', minimum: 10, maximum: 1000 };
    expect(validateValue(ms, 5)).toBe('must be ≥ 10 (minimum)');
    expect(validateValue(ms, 5000)).toBe('must be ≤ 1000 (maximum)');
    expect(validateValue(ms, 10.5)).toBe('must be a whole number (integer)');
    expect(validateValue(ms, 100)).toBeNull();
    expect(validateValue({ type: 'string', minLength: 1 }, '')).toBe(
      'must not be empty (minLength 1)',
    );
    expect(validateValue({ type: 'string', pattern: '^[a-z]+$' }, 'A')).toBe(
      'must match ^[a-z]+$ (pattern)',
    );
    expect(validateValue({ enum: ['GET', 'POST'] }, 'PUT')).toBe(
      'must be one of "GET", "POST" (enum)',
    );
    const headers: JsonSchema = {
      type: 'object',
      additionalProperties: { type: 'string', pattern: '^[^\\r\\n]*$' },
    };
    expect(validateValue(headers, { Accept: 'a\nb' })).toBe(
      'Accept: must match ^[^\\r\\n]*$ (pattern)',
    );
    expect(validateValue({ type: 'array', maxItems: 1 }, [1, 2])).toBe(
      'must have at most 1 items (maxItems)',
    );
    expect(validateValue({ anyOf: [{ type: 'number' }, { type: 'string' }] }, true)).toBe(
      'must be a number (type)',
    );
  });

  it('follows $ref into $defs', () => {
    const root: JsonSchema = {
      type: 'object',
      $defs: { v: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
    };
    expect(validateValue({ $ref: '#/$defs/v' }, null, root)).toBeNull();
    expect(validateValue({ $ref: '#/$defs/v' }, 3, root)).toBe('must be a string (type)');
  });

  it('offers a slider only for a short range', () => {
    expect(sliderRange({ type: 'integer', minimum: 1, maximum: 256, step: 1 })).toEqual({
      min: 1,
      max: 256,
      step: 1,
    });
    expect(
      sliderRange({ type: 'integer', minimum: 10, maximum: 86_400_000, step: 1000 }),
    ).toBeNull();
    expect(sliderRange({ type: 'number' })).toBeNull();
  });
});

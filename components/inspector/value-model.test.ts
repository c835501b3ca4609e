import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '@/components/editor/types';
import {
  branchIndex,
  convertTo,
  emptyValue,
  freshKey,
  insertAt,
  issuesBelow,
  keyError,
  listLimits,
  modelOf,
  move,
  pathString,
  relativePath,
  removeAt,
  renameKey,
  singular,
  withoutKey,
} from './value-model';

/** The set-fields / http body value: z.json()'s recursive union. */
const jsonValue: JsonSchema = {
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'array', items: { $ref: '#/$defs/v' } },
    { type: 'object', additionalProperties: { $ref: '#/$defs/v' } },
  ],
};
const root: JsonSchema = { type: 'object', $defs: { v: jsonValue } };

const legs: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 3,
  items: {
    type: 'object',
    required: ['venue', 'size'],
    properties: {
      venue: { type: 'string', minLength: 1 },
      size: { type: 'number', minimum: 0.5 },
      side: { enum: ['buy', 'sell'], default: 'buy' },
    },
  },
};

describe('schema → editor model', () => {
  it('maps lists, objects, records and scalars', () => {
    expect(modelOf(legs, root).kind).toBe('array');
    expect(modelOf(legs.items!, root)).toMatchObject({ kind: 'object' });
    expect(
      modelOf({ type: 'object', additionalProperties: { type: 'string' } }, root),
    ).toMatchObject({ kind: 'record', values: { type: 'string' } });
    expect(modelOf({ type: 'integer' }, root)).toMatchObject({ kind: 'scalar', field: 'integer' });
    expect(modelOf({ enum: ['a', 'b'] }, root)).toMatchObject({ kind: 'scalar', field: 'enum' });
    expect(modelOf({ type: 'null' }, root).kind).toBe('null');
  });

  it('maps a union of distinct types to a type picker', () => {
    const cases: JsonSchema = {
      anyOf: [
        { type: 'string', maxLength: 1000 },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'null' },
      ],
    };
    const model = modelOf(cases, root);
    expect(model.kind).toBe('union');
    expect(model.kind === 'union' && model.branches.map((b) => b.label)).toEqual([
      'Text',
      'Number',
      'Boolean',
      'Null',
    ]);
    expect(modelOf({ type: ['string', 'null'] }, root).kind).toBe('union');
  });

  it('falls back to JSON for what a form cannot draw', () => {
    const twoObjects: JsonSchema = {
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' } } },
        { type: 'object', properties: { b: { type: 'string' } } },
      ],
    };
    expect(modelOf(twoObjects, root)).toMatchObject({ kind: 'json' });
    expect(modelOf({ type: 'object', widget: 'json' }, root)).toMatchObject({ kind: 'json' });
    expect(modelOf({ type: 'array' }, root)).toMatchObject({ kind: 'json' });
    expect(modelOf({ type: 'object' }, root)).toMatchObject({ kind: 'json' });
    expect(modelOf({}, root)).toMatchObject({ kind: 'json' });
  });

  it('follows $ref and stops at the depth limit', () => {
    expect(modelOf({ $ref: '#/$defs/v' }, root).kind).toBe('union');
    // The recursive JSON value: the union is drawn, but only down to MAX_DEPTH.
    expect(modelOf({ $ref: '#/$defs/v' }, root, 4)).toMatchObject({ kind: 'json' });
    expect(modelOf({ type: 'string' }, root, 5)).toMatchObject({
      kind: 'json',
      reason: 'nested too deep',
    });
  });
});

describe('empty values', () => {
  it('starts from the default, else a value that keeps the rules', () => {
    expect(emptyValue(legs.items!, root)).toEqual({ venue: '', size: 0.5 });
    expect(emptyValue({ type: 'string', default: 'x' }, root)).toBe('x');
    expect(emptyValue({ type: 'integer', exclusiveMinimum: 0 }, root)).toBe(1);
    expect(emptyValue({ enum: ['GET', 'POST'] }, root)).toBe('GET');
    expect(emptyValue(legs, root)).toEqual([{ venue: '', size: 0.5 }]);
    expect(emptyValue(jsonValue, root)).toBe('');
    expect(emptyValue({ type: 'boolean' }, root)).toBe(false);
  });

  it('does not share a default between items', () => {
    const schema: JsonSchema = { type: 'array', default: [1] };
    const a = emptyValue(schema, root) as number[];
    a.push(2);
    expect(emptyValue(schema, root)).toEqual([1]);
  });
});

describe('union branches', () => {
  const branches = (
    modelOf(jsonValue, root) as { branches: { label: string; schema: JsonSchema }[] }
  ).branches;
  it('finds the branch of a value', () => {
    expect(branches[branchIndex(branches, 'a')]!.label).toBe('Text');
    expect(branches[branchIndex(branches, 5)]!.label).toBe('Number');
    expect(branches[branchIndex(branches, 2.5)]!.label).toBe('Number');
    expect(branches[branchIndex(branches, null)]!.label).toBe('Null');
    expect(branches[branchIndex(branches, [1])]!.label).toBe('List');
    expect(branches[branchIndex(branches, { a: 1 })]!.label).toBe('Object');
    expect(branchIndex([{ label: 'Text', schema: { type: 'string' } }], 1)).toBe(-1);
  });

  it('converts a value to another branch, keeping what it can', () => {
    expect(convertTo({ type: 'number' }, '5', root)).toBe(5);
    expect(convertTo({ type: 'number' }, 'abc', root)).toBe(0);
    expect(convertTo({ type: 'integer' }, '2.5', root)).toBe(0);
    expect(convertTo({ type: 'string' }, 5, root)).toBe('5');
    expect(convertTo({ type: 'string' }, null, root)).toBe('');
    expect(convertTo({ type: 'boolean' }, 'true', root)).toBe(true);
    expect(convertTo({ type: 'null' }, 'x', root)).toBeNull();
  });
});

describe('paths', () => {
  it('names fields as the server does', () => {
    expect(pathString(['legs', 1, 'venue'])).toBe('legs[1].venue');
    expect(pathString(['headers', 'X-Api-Key'])).toBe('headers["X-Api-Key"]');
    expect(relativePath(['legs', 1, 'venue'])).toBe('[1].venue');
    expect(relativePath(['fields', 'price'])).toBe('price');
    expect(relativePath(['headers', 'X-Api-Key'])).toBe('["X-Api-Key"]');
    expect(relativePath(['legs'])).toBe('');
  });

  it('places save issues and refusals at the nested field they name', () => {
    const lines = [
      'props.legs[1].venue: must not be empty',
      'props.legs: must have at most 3 items',
      'props.legsExtra: unrelated',
      'props.headers["X-Api-Key"]: must match ^[^\\r\\n]*$',
      'position.x: not a prop',
    ];
    expect(issuesBelow(lines, 'legs')).toEqual({
      '[1].venue': 'must not be empty',
      '': 'must have at most 3 items',
    });
    expect(issuesBelow(lines, 'headers')).toEqual({ '["X-Api-Key"]': 'must match ^[^\\r\\n]*$' });
    expect(issuesBelow(['fields.price: must be a number'], 'fields')).toEqual({
      price: 'must be a number',
    });
  });
});

describe('list and record edits', () => {
  it('adds, removes and moves items without touching the original', () => {
    const list = ['a', 'b', 'c'];
    expect(insertAt(list, 3, 'd')).toEqual(['a', 'b', 'c', 'd']);
    expect(removeAt(list, 1)).toEqual(['a', 'c']);
    expect(move(list, 2, 0)).toEqual(['c', 'a', 'b']);
    expect(move(list, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(list, 0, -1)).toEqual(list);
    expect(move(list, 2, 3)).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('renames a key in place and refuses empty or duplicate keys', () => {
    const headers = { Accept: 'json', Host: 'x', Origin: 'y' };
    expect(Object.keys(renameKey(headers, 'Host', 'X-Host'))).toEqual([
      'Accept',
      'X-Host',
      'Origin',
    ]);
    expect(withoutKey(headers, 'Host')).toEqual({ Accept: 'json', Origin: 'y' });
    expect(keyError(headers, 'Host', 'Accept')).toBe('"Accept" is already used');
    expect(keyError(headers, 'Host', '  ')).toBe('the key must not be empty');
    expect(keyError(headers, 'Host', 'Host')).toBeNull();
    expect(keyError(headers, null, 'Host')).toBe('"Host" is already used');
    expect(freshKey({})).toBe('key');
    expect(freshKey({ key: 1, key2: 2 })).toBe('key3');
  });

  it('says why a list cannot grow or shrink', () => {
    expect(listLimits(legs, 3)).toEqual({ add: 'At most 3 items (maxItems)', remove: null });
    expect(listLimits(legs, 1)).toEqual({ add: null, remove: 'At least 1 item (minItems)' });
    expect(listLimits({ type: 'array' }, 0)).toEqual({ add: null, remove: null });
  });

  it('names one item of a list', () => {
    expect(singular('Legs')).toBe('Leg');
    expect(singular('Cases')).toBe('Case');
    expect(singular('Entries')).toBe('Entry');
    expect(singular('Headers')).toBe('Header');
    expect(singular('Boxes')).toBe('Box');
    expect(singular('Status')).toBe('Status item');
    expect(singular('Data')).toBe('Data item');
  });
});

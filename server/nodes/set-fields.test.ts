import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import setFields from './set-fields';

const set = (
  input: unknown,
  fields: Record<string, unknown>,
  keepOnlySet = false,
  trigger?: unknown,
) =>
  runNodeForTest(setFields, {
    inputs: { in: input },
    props: { fields: fields as never, keepOnlySet },
    trigger,
  });

describe('set-fields', () => {
  it('merges the fields onto a copy of the input', async () => {
    const input = { symbol: 'ETH', price: 3000 };
    const { outputs } = await set(input, { side: 'buy', price: 3001 });
    expect(outputs).toEqual({ out: { symbol: 'ETH', price: 3001, side: 'buy' } });
    expect(input).toEqual({ symbol: 'ETH', price: 3000 });
  });

  it('creates and extends nested objects along dotted paths, without touching the input', async () => {
    const input = { order: { id: 1 } };
    const { outputs } = await set(input, { 'order.side': 'sell', 'meta.source.name': 'feed' });
    expect(outputs).toEqual({
      out: { order: { id: 1, side: 'sell' }, meta: { source: { name: 'feed' } } },
    });
    expect(input).toEqual({ order: { id: 1 } });
  });

  it('sets two fields in one nested object without changing the input object shared with it', async () => {
    const input = { order: { id: 1, leg: { venue: 'a' } }, untouched: { n: 1 } };
    const { outputs } = await set(input, { 'order.leg.venue': 'b', 'order.leg.qty': 2 });
    expect(outputs).toEqual({
      out: { order: { id: 1, leg: { venue: 'b', qty: 2 } }, untouched: { n: 1 } },
    });
    expect(input).toEqual({ order: { id: 1, leg: { venue: 'a' } }, untouched: { n: 1 } });
  });

  it('keeps only the fields it sets when asked', async () => {
    const { outputs } = await set({ a: 1, b: 2 }, { c: 3 }, true);
    expect(outputs).toEqual({ out: { c: 3 } });
  });

  it('fills {{placeholders}}: one alone keeps the type, inside text it is rendered', async () => {
    const input = { quote: { bid: 99.5, tags: ['x'] }, pair: 'ETH-USD' };
    const { outputs } = await set(
      input,
      {
        bid: '{{input.quote.bid}}',
        tags: '{{ input.quote.tags }}',
        label: '{{input.pair}} @ {{input.quote.bid}}',
        mode: '{{trigger.mode}}',
      },
      true,
      { mode: 'paper' },
    );
    expect(outputs).toEqual({
      out: { bid: 99.5, tags: ['x'], label: 'ETH-USD @ 99.5', mode: 'paper' },
    });
  });

  it('sets fields on an empty object when no input arrived', async () => {
    expect((await set(undefined, { a: 1 })).outputs).toEqual({ out: { a: 1 } });
  });

  it('fails naming the field when a placeholder finds nothing', async () => {
    await expect(set({ a: 1 }, { b: '{{input.missing}}' })).rejects.toThrow(
      'fields.b: {{input.missing}} has no value (input is {"a":1})',
    );
  });

  it('fails naming the field when a path runs into a non-object', async () => {
    await expect(set({ order: 5 }, { 'order.side': 'buy' })).rejects.toThrow(
      'fields.order.side: "order" holds 5, not an object',
    );
    await expect(set({ list: [1] }, { 'list.x': 1 })).rejects.toThrow(
      '"list" holds [1], not an object',
    );
  });

  it('fails when the input is not an object (unless only the set fields are kept)', async () => {
    await expect(set(42, { a: 1 })).rejects.toThrow(
      'in: 42 is not an object, so fields cannot be set on it',
    );
    expect((await set(42, { a: 1 }, true)).outputs).toEqual({ out: { a: 1 } });
  });

  it('refuses bad paths, bad placeholders and too many fields', () => {
    expect(propIssues(setFields, { fields: { 'a..b': 1 } })[0]).toMatch(
      /^fields\["a\.\.b"\]: must be a dotted path/,
    );
    expect(propIssues(setFields, { fields: { 'x.__proto__': 1 } })).toHaveLength(1);
    expect(propIssues(setFields, { fields: { a: '{{env.SECRET}}' } })).toEqual([
      'fields.a: placeholder {{env.SECRET}} must start with "input" or "trigger"',
    ]);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i]));
    expect(propIssues(setFields, { fields: many })).toEqual([
      'fields: must have at most 100 fields',
    ]);
    expect(propIssues(setFields, { keepOnlySet: 'yes' })).toEqual([
      'keepOnlySet: expected boolean, received string',
    ]);
  });
});

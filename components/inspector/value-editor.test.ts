/**
 * The structured editors rendered to HTML (no DOM here): what a list of objects, a record and an
 * undrawable union turn into, as a screen reader would find them. Behaviour is in e2e.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '@/components/editor/types';
import { StructuredField } from './structured-field';

const legs: JsonSchema = {
  type: 'array',
  maxItems: 2,
  description: 'The legs of the trade.',
  items: {
    type: 'object',
    required: ['venue'],
    properties: {
      venue: { type: 'string', minLength: 1 },
      size: { type: 'number', minimum: 0.5 },
      side: { enum: ['buy', 'sell'], default: 'buy' },
    },
  },
};
const root: JsonSchema = { type: 'object', properties: { legs } };

function render(schema: JsonSchema, value: unknown, issues: Record<string, string> = {}) {
  return renderToStaticMarkup(
    createElement(StructuredField, {
      id: 'prop-n-x',
      name: 'legs',
      label: 'Legs',
      schema,
      root,
      value,
      onChange: () => {},
      issues,
    }),
  );
}

/** The text of the element whose id is given (a label a group points at). */
const textOf = (html: string, id: string) =>
  new RegExp(`id="${id}"[^>]*>(.*?)</button>`).exec(html)?.[1]?.replace(/<[^>]+>/g, '');

describe('structured editors', () => {
  const html = render(
    legs,
    [
      { venue: 'kraken', size: 1 },
      { venue: '', size: 0.1, side: 'sell' },
    ],
    { '[1].venue': 'Not saved: must not be empty' },
  );

  it('draws a list of objects as foldouts named after each item', () => {
    expect(html).toContain('2 items');
    expect(html).toContain('aria-labelledby="prop-n-x-1-label"');
    expect(textOf(html, 'prop-n-x-1-label')).toContain('Leg 2');
    // Each property is a labelled field of its item.
    expect(html).toMatch(/<label for="prop-n-x-1-venue">Venue<\/label>/);
    expect(html).toMatch(/id="prop-n-x-1-venue"[^>]*value=""/);
  });

  it('names item buttons after the item and disables them with the reason', () => {
    expect(html).toContain('aria-label="Remove item 2 of Legs"');
    expect(html).toContain('aria-label="Move item 1 of Legs down"');
    expect(html).toMatch(
      /aria-label="Add item to Legs" title="At most 2 items \(maxItems\)" aria-disabled="true"/,
    );
    expect(html).toMatch(
      /aria-label="Move item 1 of Legs up" title="Already the first item" aria-disabled="true"/,
    );
  });

  it('shows each problem at the nested field, naming the rule', () => {
    expect(html).toContain('must not be empty (minLength 1)');
    expect(html).toContain('must be ≥ 0.5 (minimum)');
    expect(html).toContain('Not saved: must not be empty');
    // Reset only where a property differs from its default.
    expect(html).toContain('aria-label="Reset Side to default"');
    expect(html.match(/Reset Side to default/g)).toHaveLength(1);
  });

  it('draws a record as key/value rows', () => {
    const headers: JsonSchema = {
      type: 'object',
      additionalProperties: { type: 'string' },
    };
    const out = render(headers, { Accept: 'application/json' });
    expect(out).toContain('1 entry');
    expect(out).toContain('role="group" aria-label="Leg 1"');
    expect(out).toMatch(/<input[^>]*aria-label="Key of Leg 1"[^>]*value="Accept"/);
    expect(out).toContain('<label for="prop-n-x-0-value">Value of Leg 1</label>');
    expect(out).toMatch(/<input[^>]*id="prop-n-x-0-value"[^>]*value="application\/json"/);
    expect(out).toContain('aria-label="Remove &quot;Accept&quot; from Legs"');
  });

  it('labels a one-line item with its whole name, shown as its number', () => {
    const tags: JsonSchema = {
      type: 'array',
      items: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    };
    const out = render(tags, ['a', 2]);
    // The label's text is the field's name alone ("Leg 2"), the "2" on screen stays outside it.
    expect(out).toContain(
      '<span aria-hidden="true">2</span><label for="prop-n-x-1" class="sr-only">Leg 2</label>',
    );
    expect(out).toMatch(/<select[^>]*aria-label="Type of Leg 2"/);
    expect(out).toContain('<li>');
  });

  it('falls back to the JSON field for a union it cannot draw, never a blank', () => {
    const twoShapes: JsonSchema = {
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' } } },
        { type: 'object', properties: { b: { type: 'string' } } },
      ],
    };
    const out = render(twoShapes, { a: 'x' });
    expect(out).toMatch(/<textarea[^>]*id="prop-n-x"/);
    expect(out).toContain('&quot;a&quot;: &quot;x&quot;');
  });
});

import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAndColumn } from './json-error';

describe('jsonErrorOffset', () => {
  it.each([
    '{"a": 1}',
    ' [1, -2.5e+3, true, false, null, "s\\u00e9\\n", {}] ',
    '{"nested": {"deep": [[[]]], "x": {"y": "z"}}}',
    '"just a string"',
    '0',
  ])('finds no error in valid JSON: %s', (text) => {
    expect(jsonErrorOffset(text)).toBe(-1);
  });

  it.each([
    ['{"a": 1,}', 8],
    ['[1, 2,]', 6],
    ['{"a" 1}', 5],
    ['{a: 1}', 1],
    ['[01]', 2],
    ['[1.]', 3],
    ['[-]', 2],
    ['[tru]', 4],
    ['[nul', 4],
    ['"bad \\x escape"', 6],
    ['"\\u12G4"', 5],
    ['[1e]', 3],
    ['[1e+]', 4],
    ['"tab\there"', 4],
    ['{"a": 1} {}', 9],
    ['', 0],
    ['   ', 3],
    ['[1 2]', 3],
    ['{"a": [1}', 8],
    ["{'a': 1}", 1],
  ])('points at the first broken character of %j', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with the engine wherever its message gives a position', () => {
    const broken = [
      '[1.]',
      '[-]',
      '[1e+]',
      '"\\u12G4"',
      '"bad \\x"',
      '"tab\there"',
      '{"a": 1,}',
      '[1, 2,]',
      '{"a" 1}',
      '[1 2]',
      '{"x": [true, fals]}',
      '{"a": "b" "c": 1}',
      '[1] x',
    ];
    let compared = 0;
    for (const text of broken) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (err) {
        message = (err as Error).message;
      }
      const position = /at position (\d+)/.exec(message)?.[1];
      if (position === undefined) continue;
      expect(jsonErrorOffset(text), text).toBe(Number(position));
      compared++;
    }
    // Node 20's V8 gives a position for most of these; if it stops, this test must say so.
    expect(compared).toBeGreaterThan(broken.length / 2);
  });

  it('handles 100,000 levels of nesting without a stack overflow', () => {
    const text = `${'['.repeat(100_000)}x`;
    expect(jsonErrorOffset(text)).toBe(100_000);
  });
});

describe('lineAndColumn', () => {
  it('counts from 1 and starts a new line after each newline', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineAndColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineAndColumn(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn(text, 7)).toEqual({ line: 4, column: 1 });
    expect(lineAndColumn(text, 9)).toEqual({ line: 4, column: 3 });
  });
});

/**
 * Finds where JSON text first breaks, as a line and column, for messages like
 * `not valid JSON at line 3, column 11`. The engines' own `JSON.parse` messages do not always say
 * (V8 in Node 20 often quotes a snippet instead). Pure and iterative: deep nesting cannot
 * overflow the stack. Only called after `JSON.parse` has failed, so speed is secondary.
 */

const LITERALS = ['true', 'false', 'null'] as const;
/** A number, or the start of one: what it lacks is then the error (`1.` → after the dot). */
const NUMBER_PREFIX = /-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?/y;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const HEX = /[0-9a-fA-F]/;

function skipSpace(text: string, i: number): number {
  while (
    i < text.length &&
    (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')
  )
    i++;
  return i;
}

/** Returns the index after the string that starts at `i`, or the (negated, minus one) error offset. */
function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c !== 0x5c) {
      i++;
      continue;
    }
    const escaped = text[i + 1];
    if (escaped === 'u') {
      for (let k = i + 2; k < i + 6; k++) if (!HEX.test(text[k] ?? '')) return -k - 1;
      i += 6;
    } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i += 2;
    else return -(i + 1) - 1;
  }
  return -text.length - 1;
}

/** Returns the index after the value (scalar) at `i`, or the negated error offset minus one. */
function scanScalar(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
    NUMBER_PREFIX.lastIndex = i;
    NUMBER_PREFIX.test(text);
    const end = NUMBER_PREFIX.lastIndex;
    return NUMBER.test(text.slice(i, end)) ? end : -end - 1;
  }
  for (const word of LITERALS) {
    if (c !== word[0]) continue;
    for (let k = 1; k < word.length; k++) if (text[i + k] !== word[k]) return -(i + k) - 1;
    return i + word.length;
  }
  return -i - 1;
}

/** The offset of the first syntax error in `text`, or -1 when it is valid JSON. */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    i = skipSpace(text, i);
    if (state === 'after') {
      const open = stack[stack.length - 1];
      if (open === undefined) return i < text.length ? i : -1;
      const c = text[i];
      if (c === ',') state = open === '{' ? 'key' : 'value';
      else if ((open === '{' && c === '}') || (open === '[' && c === ']')) stack.pop();
      else return i;
      i++;
      continue;
    }
    if (i >= text.length) return i;
    if (state === 'key') {
      if (text[i] !== '"') return i;
      const end = scanString(text, i);
      if (end < 0) return -end - 1;
      i = skipSpace(text, end);
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
      continue;
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i = skipSpace(text, i + 1);
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop();
        i++;
        state = 'after';
      } else state = c === '{' ? 'key' : 'value';
      continue;
    }
    const end = scanScalar(text, i);
    if (end < 0) return -end - 1;
    i = end;
    state = 'after';
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

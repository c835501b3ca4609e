import { describe, expect, it } from 'vitest';
import { storableJson } from './checkpoint';

describe('storableJson', () => {
  it('replaces NUL and lone surrogates, which Postgres refuses in jsonb', () => {
    expect(
      JSON.parse(storableJson({ a: 'x\u0000y', b: 'lone \ud800 high', c: 'lone \udc00 low' })),
    ).toEqual({
      a: 'x\ufffdy',
      b: 'lone \ufffd high',
      c: 'lone \ufffd low',
    });
  });

  it('keeps valid pairs, ordinary escapes and a literal backslash-u text untouched', () => {
    const value = { emoji: '📈 up', path: 'C:\\u0000dir', quote: '"\n\t' };
    expect(JSON.parse(storableJson(value))).toEqual(value);
  });
});

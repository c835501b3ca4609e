import { describe, expect, it } from 'vitest';
import { FifoMap } from './fifo-map';

describe('FifoMap', () => {
  it('hands out entries oldest first, as a Map orders them', () => {
    const m = new FifoMap<string, number>();
    m.set('a', 1).set('b', 2).set('c', 3);
    expect(m.oldest()).toEqual(['a', 1]);
    expect(m.shift()).toEqual(['a', 1]);
    expect(m.shift()).toEqual(['b', 2]);
    expect(m.size).toBe(1);
    expect([...m.entries()]).toEqual([['c', 3]]);
  });

  it('keeps the place of a key whose value changes, and moves one deleted and set again', () => {
    const m = new FifoMap<string, number>();
    m.set('a', 1).set('b', 2).set('a', 10);
    expect(m.oldest()).toEqual(['a', 10]);
    m.delete('a');
    m.set('a', 11);
    expect(m.shift()).toEqual(['b', 2]);
    expect(m.shift()).toEqual(['a', 11]);
    expect(m.shift()).toBeUndefined();
  });

  it('skips entries deleted out of order and stays correct across compactions', () => {
    const m = new FifoMap<number, number>();
    const model = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      m.set(i, i);
      model.set(i, i);
      if (i % 3 === 0) {
        m.delete(i - 1);
        model.delete(i - 1);
      }
      if (m.size > 1_000) {
        const oldest = model.keys().next().value!;
        model.delete(oldest);
        expect(m.shift()?.[0]).toBe(oldest);
      }
    }
    expect([...m.entries()]).toEqual([...model.entries()]);
    expect(m.get(19_999)).toBe(19_999);
    expect(m.has(0)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { refusals } from './live-refusals';

describe('refusals: a refused live patch, told field by field', () => {
  it('puts each schema issue under the field it names', () => {
    expect(
      refusals(['threshold', 'inclusive'], 'threshold: must be a number', [
        { path: 'threshold', message: 'must be a number (type)' },
      ]),
    ).toEqual({
      threshold: 'must be a number (type)',
      inclusive: 'refused together with threshold',
    });
  });

  it('keeps the path of an issue inside a field (an item of a list)', () => {
    expect(
      refusals(['cases'], 'cases[1]: must be at most 1000 characters long', [
        { path: 'cases[1]', message: 'must be at most 1000 characters long' },
      ]),
    ).toEqual({ cases: 'cases[1]: must be at most 1000 characters long' });
  });

  it('reads the field from a message that starts with it (an unknown property)', () => {
    expect(refusals(['treshold'], 'treshold: node "check" has no such property', null)).toEqual({
      treshold: 'node "check" has no such property',
    });
  });

  it('gives every field of the patch a message that names none (a node that is gone)', () => {
    expect(refusals(['a', 'b'], 'node "x" is not in the workflow', [])).toEqual({
      a: 'node "x" is not in the workflow',
      b: 'node "x" is not in the workflow',
    });
  });

  it('ignores issues about fields outside the patch', () => {
    expect(refusals(['a'], 'b: required', [{ path: 'b.c', message: 'required' }])).toEqual({
      a: 'b: required',
    });
  });
});

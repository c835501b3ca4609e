import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import intervalTrigger from './interval-trigger';

describe('interval-trigger', () => {
  it('passes the tick payload on through "out"', async () => {
    const trigger = { firedAt: 1_700_000_000_000 };
    expect((await runNodeForTest(intervalTrigger, { trigger })).outputs).toEqual({ out: trigger });
  });

  it('sends an empty object when the tick carries no payload', async () => {
    expect((await runNodeForTest(intervalTrigger)).outputs).toEqual({ out: {} });
  });

  it('is an interval trigger with no inputs and no side effects, every minute by default', async () => {
    expect(intervalTrigger.trigger).toBe('interval');
    expect(intervalTrigger.inputs).toEqual({});
    expect(intervalTrigger.sideEffects).toBe(false);
    expect((await runNodeForTest(intervalTrigger)).props).toEqual({ intervalMs: 60_000 });
  });

  it('refuses intervals under 10 ms, over a day, or not whole milliseconds', () => {
    expect(propIssues(intervalTrigger, { intervalMs: 9 })).toEqual(['intervalMs: must be ≥ 10']);
    expect(propIssues(intervalTrigger, { intervalMs: 86_400_001 })).toEqual([
      'intervalMs: must be ≤ 86400000',
    ]);
    expect(propIssues(intervalTrigger, { intervalMs: 10.5 })).toEqual([
      'intervalMs: expected int, received number',
    ]);
    expect(propIssues(intervalTrigger, { intervalMs: 10 })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './retry';

const policy = { maxAttempts: 6, backoffMs: 100, factor: 2, maxBackoffMs: 1_000 };

describe('backoffDelay', () => {
  it('grows exponentially from backoffMs by factor, attempt after attempt', () => {
    // random() = 1: the top of the jitter range, the exponential delay itself.
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than maxBackoffMs', () => {
    expect(backoffDelay(policy, 5, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 30, () => 1)).toBe(1_000);
  });

  it('jitters within the upper half of the delay, so retries of many executions spread out', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(200);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(300);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(policy, 3);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });

  it('without a cap (maxBackoffMs 0) keeps growing', () => {
    expect(backoffDelay({ ...policy, maxBackoffMs: 0 }, 6, () => 1)).toBe(3_200);
  });
});

describe('sleep', () => {
  it('rejects with the reason as soon as its signal aborts', async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort(new Error('cancelled by tester'));
    await expect(slept).rejects.toThrow('cancelled by tester');
  });
});

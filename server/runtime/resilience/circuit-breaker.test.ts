import { describe, expect, it } from 'vitest';
import { CircuitOpenError, createCircuitBreakers } from './circuit-breaker';

/** Breakers on a clock the test moves by hand. */
function breakersAt(options = { failureThreshold: 2, cooldownMs: 1_000 }) {
  const clock = { now: 0 };
  return { clock, breakers: createCircuitBreakers({ ...options, now: () => clock.now }) };
}

describe('circuit breakers', () => {
  it('open after consecutive failures, half-open after the cool-down with one trial at a time', () => {
    const { clock, breakers } = breakersAt();
    breakers.acquire('venue');
    breakers.failure('venue');
    breakers.acquire('venue');
    breakers.failure('venue');
    expect(breakers.state('venue')).toBe('open');
    expect(() => breakers.acquire('venue')).toThrow(CircuitOpenError);

    clock.now = 1_000;
    expect(breakers.state('venue')).toBe('half-open');
    expect(breakers.acquire('venue')).not.toBe(0);
    expect(() => breakers.acquire('venue')).toThrow('circuit open for venue');
    breakers.success('venue');
    expect(breakers.state('venue')).toBe('closed');
    expect(breakers.acquire('venue')).toBe(0);
  });

  it('a failed trial opens the breaker again for another cool-down', () => {
    const { clock, breakers } = breakersAt({ failureThreshold: 1, cooldownMs: 1_000 });
    breakers.failure('venue');
    clock.now = 1_000;
    breakers.acquire('venue');
    breakers.failure('venue');
    expect(breakers.state('venue')).toBe('open');
    clock.now = 1_999;
    expect(() => breakers.acquire('venue')).toThrow(CircuitOpenError);
  });

  it('an abandoned trial hands its slot back: still half-open, and the next call is the trial', () => {
    const { clock, breakers } = breakersAt({ failureThreshold: 1, cooldownMs: 1_000 });
    breakers.failure('venue');
    clock.now = 1_000;
    const trial = breakers.acquire('venue');
    breakers.abandon('venue', trial);
    expect(breakers.state('venue')).toBe('half-open');

    const next = breakers.acquire('venue');
    expect(next).not.toBe(0);
    expect(() => breakers.acquire('venue')).toThrow(CircuitOpenError);
    breakers.success('venue');
    expect(breakers.state('venue')).toBe('closed');
  });

  it('abandoning an old trial does not free the slot of a later one', () => {
    const { clock, breakers } = breakersAt({ failureThreshold: 1, cooldownMs: 1_000 });
    breakers.failure('venue');
    clock.now = 1_000;
    const old = breakers.acquire('venue');
    // Another call, started while the breaker was closed, fails: open again, a new trial later.
    breakers.failure('venue');
    clock.now = 2_000;
    breakers.acquire('venue');
    breakers.abandon('venue', old);
    expect(() => breakers.acquire('venue')).toThrow(CircuitOpenError);
  });
});

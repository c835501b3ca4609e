/**
 * Circuit breakers keyed by target (an HTTP node's host, a trading node's venue), shared by every
 * execution in the process. After `failureThreshold` consecutive failures a breaker opens and
 * calls fail fast with a clear error; after `cooldownMs` it half-opens and lets one trial call
 * through: success closes it, failure opens it again.
 */
import { OperationalError } from '../errors';

export type BreakerState = 'closed' | 'open' | 'half-open';
export type BreakerOptions = { failureThreshold: number; cooldownMs: number; now?: () => number };

export class CircuitOpenError extends OperationalError {
  constructor(target: string, failures: number, retryAt: number) {
    super(
      'CIRCUIT_OPEN',
      `circuit open for ${target} after ${failures} consecutive failures; next trial at ${new Date(retryAt).toISOString()}`,
      { retryable: false },
    );
  }
}

type Breaker = { state: BreakerState; failures: number; openedAt: number; trialInFlight: boolean };

export function createCircuitBreakers(options: BreakerOptions) {
  const now = options.now ?? Date.now;
  const breakers = new Map<string, Breaker>();
  const get = (target: string) => {
    let b = breakers.get(target);
    if (!b)
      breakers.set(
        target,
        (b = { state: 'closed', failures: 0, openedAt: 0, trialInFlight: false }),
      );
    return b;
  };

  return {
    /** Throws CircuitOpenError when the target's breaker is open (or half-open with its trial taken). */
    acquire(target: string): void {
      const b = get(target);
      if (b.state === 'open' && now() - b.openedAt >= options.cooldownMs) {
        b.state = 'half-open';
        b.trialInFlight = false;
      }
      if (b.state === 'open' || (b.state === 'half-open' && b.trialInFlight)) {
        throw new CircuitOpenError(target, b.failures, b.openedAt + options.cooldownMs);
      }
      if (b.state === 'half-open') b.trialInFlight = true;
    },
    success(target: string): void {
      const b = get(target);
      b.state = 'closed';
      b.failures = 0;
      b.trialInFlight = false;
    },
    failure(target: string): void {
      const b = get(target);
      b.failures += 1;
      b.trialInFlight = false;
      if (b.state === 'half-open' || b.failures >= options.failureThreshold) {
        b.state = 'open';
        b.openedAt = now();
      }
    },
    state(target: string): BreakerState {
      const b = breakers.get(target);
      if (b?.state === 'open' && now() - b.openedAt >= options.cooldownMs) return 'half-open';
      return b?.state ?? 'closed';
    },
  };
}

export type CircuitBreakers = ReturnType<typeof createCircuitBreakers>;

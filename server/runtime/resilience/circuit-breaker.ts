/**
 * Circuit breakers keyed by target (an HTTP node's host, a trading node's venue), shared by every
 * execution in the process. After `failureThreshold` consecutive failures a breaker opens and
 * calls fail fast with a clear error; after `cooldownMs` it half-opens and lets one trial call
 * through: success closes it, failure opens it again. Only a failure of the target is a
 * `failure`: a request that was wrong before it reached the target changes nothing. A trial that
 * ends neither way (its execution was cancelled or shut down, or the request was wrong) hands its
 * slot back with `abandon`: the breaker stays half-open and the next call is the trial.
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

/** `trial`: the ticket of the half-open trial in flight, 0 when none. */
type Breaker = { state: BreakerState; failures: number; openedAt: number; trial: number };

export function createCircuitBreakers(options: BreakerOptions) {
  const now = options.now ?? Date.now;
  const breakers = new Map<string, Breaker>();
  let tickets = 0;
  const get = (target: string) => {
    let b = breakers.get(target);
    if (!b) breakers.set(target, (b = { state: 'closed', failures: 0, openedAt: 0, trial: 0 }));
    return b;
  };

  return {
    /**
     * Throws CircuitOpenError when the target's breaker is open (or half-open with its trial
     * taken). Returns the trial's ticket when this call is the half-open trial, else 0: a trial
     * must end in `success`, `failure` or `abandon`, or the breaker stays half-open with its slot
     * taken and refuses every call.
     */
    acquire(target: string): number {
      const b = get(target);
      if (b.state === 'open' && now() - b.openedAt >= options.cooldownMs) {
        b.state = 'half-open';
        b.trial = 0;
      }
      if (b.state === 'open' || (b.state === 'half-open' && b.trial !== 0)) {
        throw new CircuitOpenError(target, b.failures, b.openedAt + options.cooldownMs);
      }
      if (b.state !== 'half-open') return 0;
      return (b.trial = ++tickets);
    },
    /**
     * The trial with this ticket ended without telling anything about the target (cancelled, or
     * the request was wrong): its slot goes back, neither a success nor a failure. A ticket that
     * is no longer the trial in flight (0, or one a success or failure has already ended)
     * changes nothing.
     */
    abandon(target: string, ticket: number): void {
      const b = breakers.get(target);
      if (ticket !== 0 && b?.trial === ticket) b.trial = 0;
    },
    success(target: string): void {
      const b = get(target);
      b.state = 'closed';
      b.failures = 0;
      b.trial = 0;
    },
    failure(target: string): void {
      const b = get(target);
      b.failures += 1;
      b.trial = 0;
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

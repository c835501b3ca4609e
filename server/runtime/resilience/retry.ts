/**
 * Retry with exponential backoff, jitter and a cap. A policy comes from the node (`retry`), else
 * the workflow's settings, else no retry. Only errors that can pass are retried (see
 * `isRetryable` in ../errors.ts): bad props or an open circuit fail at once.
 */
import type { RetryPolicy } from '@/lib/workflow';

export const NO_RETRY: RetryPolicy = { maxAttempts: 1, backoffMs: 0, factor: 1, maxBackoffMs: 0 };

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed: `backoffMs · factor^(attempt-1)`,
 * capped at `maxBackoffMs`, then "equal jitter" (between half and all of it) so that many
 * executions failing together do not retry in lockstep.
 *
 * @example backoffDelay({ maxAttempts: 5, backoffMs: 100, factor: 2, maxBackoffMs: 1000 }, 3, () => 1) // 400
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.backoffMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxBackoffMs || exponential, exponential);
  return Math.round(capped / 2 + (capped / 2) * random());
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

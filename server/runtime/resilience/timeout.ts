/**
 * Cancellation and time limits for node attempts, on the hot path of every node run.
 *
 * A `CancelScope` is an execution's cancel switch: cheaper than an AbortController with event
 * listeners per node, and it hands out a real AbortSignal only to code that asks for one. Most
 * nodes never look at their signal, so `LazySignal` creates it on first use; the timeout error is
 * made only when the time is up. Only an attempt that returns a promise gets a timer
 * (`raceTimeout`): a synchronous `run` cannot be interrupted, and most nodes are synchronous. A
 * node that ignores its signal is abandoned all the same, so a hung call can never hold an
 * execution past its limit.
 */
import { OperationalError } from '../errors';

export class TimeoutError extends OperationalError {
  constructor(ms: number) {
    super('TIMEOUT', `timed out after ${ms} ms`);
  }
}

type Handler = (reason: unknown) => void;

export class CancelScope {
  aborted = false;
  reason: unknown = undefined;
  /** Made on first use: most executions end without anyone listening for a cancel. */
  private handlers: Set<Handler> | null = null;
  private controller: AbortController | null = null;

  /** An AbortSignal that aborts with the scope (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Calls `handler` on cancel; returns the function that stops that. */
  onCancel(handler: Handler): () => void {
    const handlers = (this.handlers ??= new Set());
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  cancel(reason: unknown) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    const handlers = this.handlers;
    this.handlers = null;
    if (handlers) for (const handler of [...handlers]) handler(reason);
  }
}

/** What an attempt's time limit aborts: the attempt's signal (if anyone asked for it). */
export interface Abortable {
  abort(reason: unknown): void;
  /** The attempt is over: stop following the scope. */
  dispose(): void;
}

/** One attempt's signal: aborts on its timeout or its scope's cancel; made when first read. */
export class LazySignal implements Abortable {
  private controller: AbortController | null = null;
  private off: (() => void) | null = null;
  private abortedWith: { reason: unknown } | null = null;

  constructor(private readonly scope: CancelScope) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = (this.controller = new AbortController());
      if (this.abortedWith) controller.abort(this.abortedWith.reason);
      else if (this.scope.aborted) controller.abort(this.scope.reason);
      else this.off = this.scope.onCancel((reason) => controller.abort(reason));
    }
    return this.controller.signal;
  }

  abort(reason: unknown) {
    this.abortedWith ??= { reason };
    this.controller?.abort(reason);
  }

  dispose() {
    this.off?.();
    this.off = null;
  }
}

/**
 * Settles like `promise`, or rejects with a TimeoutError (`ms` in its message) after `remainingMs`,
 * or with the cancel reason when the scope is cancelled first; either aborts `attempt`. A node
 * that ignores its signal is abandoned all the same: a hung call never holds an execution past
 * its limit.
 */
export function raceTimeout<T>(
  promise: Promise<T>,
  ms: number,
  remainingMs: number,
  scope: CancelScope,
  attempt: Abortable,
): Promise<T> {
  if (scope.aborted) {
    attempt.abort(scope.reason);
    attempt.dispose();
    return Promise.reject(scope.reason);
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      off();
      attempt.dispose();
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settle();
      const error = new TimeoutError(ms);
      attempt.abort(error);
      reject(error);
    }, remainingMs);
    const off = scope.onCancel((reason) => {
      if (settled) return;
      settle();
      attempt.abort(reason);
      reject(reason);
    });
    promise.then(
      (value) => {
        if (settled) return;
        settle();
        resolve(value);
      },
      (err: unknown) => {
        if (settled) return;
        settle();
        reject(err);
      },
    );
  });
}

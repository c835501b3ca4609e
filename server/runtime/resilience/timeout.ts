/**
 * Runs one node attempt under a time limit. The node gets an AbortSignal that fires on timeout or
 * when the execution is cancelled; a node that ignores its signal is abandoned all the same (the
 * race below), so a hung call can never hold an execution past its limit.
 *
 * Hot path: most nodes never look at their signal, so it is created on first use, and the
 * timeout error only when the time is up.
 */
import { OperationalError } from '../errors';

export class TimeoutError extends OperationalError {
  constructor(ms: number) {
    super('TIMEOUT', `timed out after ${ms} ms`);
  }
}

/** An AbortSignal made only when someone asks for it, tied to a parent signal. */
export class LazySignal {
  private controller: AbortController | null = null;
  private reason: unknown = undefined;
  private aborted = false;
  private readonly onParent = () => this.abort(this.parent.reason);

  constructor(private readonly parent: AbortSignal) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
      else if (this.parent.aborted) this.controller.abort(this.parent.reason);
      else this.parent.addEventListener('abort', this.onParent, { once: true });
    }
    return this.controller.signal;
  }

  abort(reason: unknown) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }

  dispose() {
    if (this.controller) this.parent.removeEventListener('abort', this.onParent);
  }
}

export async function withTimeout<T>(
  ms: number,
  parent: AbortSignal,
  run: (signal: LazySignal) => Promise<T>,
): Promise<T> {
  if (parent.aborted) throw parent.reason;
  const lazy = new LazySignal(parent);
  let timer: NodeJS.Timeout | undefined;
  let onParentAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(ms);
      lazy.abort(error);
      reject(error);
    }, ms);
    onParentAbort = () => {
      lazy.abort(parent.reason);
      reject(parent.reason);
    };
    parent.addEventListener('abort', onParentAbort, { once: true });
  });
  stopped.catch(() => {});
  try {
    return await Promise.race([run(lazy), stopped]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort!);
    lazy.dispose();
  }
}

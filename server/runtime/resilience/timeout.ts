/**
 * Runs one node attempt under a time limit. The node gets an AbortSignal that fires on timeout or
 * when the execution is cancelled; a node that ignores its signal is abandoned all the same (the
 * race below), so a hung call can never hold an execution past its limit.
 */
import { OperationalError } from '../errors';

export class TimeoutError extends OperationalError {
  constructor(ms: number) {
    super('TIMEOUT', `timed out after ${ms} ms`);
  }
}

export async function withTimeout<T>(
  ms: number,
  parent: AbortSignal,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timeout = new TimeoutError(ms);
  const timer = setTimeout(() => controller.abort(timeout), ms);
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(controller.signal.reason);
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
    if (onAbort) controller.signal.removeEventListener('abort', onAbort);
    aborted.catch(() => {});
  }
}

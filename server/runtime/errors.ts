/**
 * Error taxonomy (after n8n): every error Flowdeck raises on purpose is one of three kinds, each
 * with a stable `code`. The tRPC middleware maps them to HTTP-ish codes; node failures become data.
 *
 * - UserError: bad input or configuration. Expected; logged at info, never reported as a bug.
 * - OperationalError: the world misbehaved (timeouts, HTTP 5xx, a Redis blip). Retryable.
 * - UnexpectedError: a bug. Logged at error level.
 */
import type { Issue } from '@/lib/zod-issues';

export type UserErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  /** Refused for now, e.g. by the emergency level: the same request may succeed later. */
  | 'SERVICE_UNAVAILABLE';

export class UserError extends Error {
  override readonly name = 'UserError';
  readonly code: UserErrorCode;
  /** For validation errors: one entry per broken rule, with its path. */
  readonly issues: Issue[];

  constructor(
    code: UserErrorCode,
    message: string,
    options: { issues?: Issue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export class OperationalError extends Error {
  override readonly name: string = 'OperationalError';
  readonly retryable: boolean;
  constructor(
    readonly code: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? true;
  }
}

export class UnexpectedError extends Error {
  override readonly name = 'UnexpectedError';
  constructor(
    readonly code: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

export function notFound(what: string, id: string): UserError {
  return new UserError('NOT_FOUND', `${what} "${id}" does not exist`);
}

export function assertNever(value: never): never {
  throw new UnexpectedError('ASSERT_NEVER', `unexpected value: ${JSON.stringify(value)}`);
}

/** The `{ code, message, retryable }` a failed node records, from whatever it threw. */
export function classifyError(err: unknown): { code: string; message: string; retryable: boolean } {
  if (err instanceof UserError) return { code: err.code, message: err.message, retryable: false };
  if (err instanceof OperationalError)
    return { code: err.code, message: err.message, retryable: err.retryable };
  if (err instanceof UnexpectedError)
    return { code: err.code, message: err.message, retryable: false };
  if (err instanceof Error) {
    if (err.name === 'AbortError')
      return { code: 'ABORTED', message: err.message || 'aborted', retryable: false };
    const code = (err as { code?: unknown }).code;
    const retryable = (err as { retryable?: unknown }).retryable;
    return {
      code: typeof code === 'string' ? code : 'NODE_ERROR',
      message: err.message || err.name,
      retryable: typeof retryable === 'boolean' ? retryable : true,
    };
  }
  return {
    code: 'NODE_ERROR',
    message: typeof err === 'string' ? err : JSON.stringify(err),
    retryable: true,
  };
}

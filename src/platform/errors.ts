/** Every failure the platform reports on purpose carries one of these codes; `http/errors.ts` maps them to statuses. */
export type AppErrorCode =
  | 'bad-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'invalid-config'
  | 'unavailable'
  | 'internal';

/** The one error type of TonerLoop: a code, one clear sentence, and optional structured details. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;

  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details ?? null;
  }
}

/** True when `error` is an AppError with the given code (or any code when none is given). */
export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

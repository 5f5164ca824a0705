/**
 * Every failure a caller can act on has a code and an HTTP status, mapped in one place (http/problem.ts turns
 * these into RFC 9457 problem+json). Anything else is a bug and answers 500 without details.
 */
export type ErrorCode =
  | 'ERR_VALIDATION'
  | 'ERR_BAD_REQUEST'
  | 'ERR_NOT_FOUND'
  | 'ERR_GONE'
  | 'ERR_CONFLICT'
  | 'ERR_UNAUTHENTICATED'
  | 'ERR_FORBIDDEN'
  | 'ERR_TOO_LARGE'
  | 'ERR_UNSUPPORTED_MEDIA'
  | 'ERR_RATE_LIMITED';

const statusByCode: Record<ErrorCode, number> = {
  ERR_VALIDATION: 422,
  ERR_BAD_REQUEST: 400,
  ERR_NOT_FOUND: 404,
  ERR_GONE: 410,
  ERR_CONFLICT: 409,
  ERR_UNAUTHENTICATED: 401,
  ERR_FORBIDDEN: 403,
  ERR_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA: 415,
  ERR_RATE_LIMITED: 429,
};

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusByCode[code];
  }
}

export const notFound = (what: string): AppError => new AppError('ERR_NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this.'): AppError => new AppError('ERR_FORBIDDEN', message);
export const invalid = (errors: FieldError[]): AppError =>
  new AppError('ERR_VALIDATION', errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), { errors });

import type { z } from 'zod';
import { type ApiError, ErrorCode } from '../contract/errors';

/** HTTP statuses of the codes that reach HTTP; a broken domain rule (wrong phase, empty hat) is 409. */
const statusByCode: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  NOT_FACILITATOR: 403,
  NOT_DRIVER: 403,
  NOT_A_MEMBER: 403,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The HTTP status of an error code: the table above, and 409 for a broken domain rule. */
export function statusOf(code: ErrorCode): number {
  return statusByCode[code] ?? 409;
}

/** An expected failure with a stable code and a message meant for the person who caused it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiError['issues'],
    /** For RATE_LIMITED: when to try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return statusOf(this.code);
  }

  /** The wire form, identical over HTTP and socket.io. */
  toJSON(): ApiError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** Parses `input` with `schema`, or throws a BAD_REQUEST naming each wrong field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  throw new AppError(
    ErrorCode.BAD_REQUEST,
    first ? `Invalid ${first.path}: ${first.message}` : 'Invalid request',
    issues,
  );
}

import pino, { type Logger } from 'pino';

/**
 * Errors as log fields. A failed query (drizzle wraps the driver's error as `cause`) is logged by its
 * cause: drizzle's own message repeats the SQL with every parameter, which puts users' text (and
 * megabytes of Yjs updates) into the log.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause ?? error) as Error & { code?: unknown };
  return {
    type: error.name,
    message: cause ? `query failed: ${cause.message}` : error.message,
    ...(typeof code.code === 'string' ? { code: code.code } : {}),
    ...(cause ? {} : { stack: error.stack }),
  };
}

/** The process logger: one JSON event per line on stdout. Tokens never reach it (see redact). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'firedrill' },
    // Belt and braces: no code logs these, but a careless `err` or request object must not leak them.
    redact: {
      paths: [
        'token',
        '*.token',
        'facilitatorToken',
        'joinToken',
        'participantToken',
        'headers.authorization',
        'req.url',
      ],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
  });
}

import pino, { type Logger } from 'pino';

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
  });
}

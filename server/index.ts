/**
 * Composition root: the only file that reads the environment. Starts Firedrill on one port (Next.js
 * app, socket.io at /socket.io/, Yjs at /yjs/<workshopId>) and stops it gracefully on SIGTERM/SIGINT.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { startFiredrill } from './main/start';
import { createLogger } from './ops/log';

// Next.js would otherwise print a telemetry notice and phone home; this server never does.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    NODE_ENV: z.string().default('development'),
    DATABASE_URL: z.string().url().optional(),
    REDIS_URL: z.string().url().optional(),
    REDIS_PREFIX: z.string().max(64).default('fd:'),
    METRICS_TOKEN: z.string().min(16).optional(),
    PROCESS_ID: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
      .default(`${hostname()}:${process.pid}`),
    DATA_DIR: z.string().default('./data'),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    YJS_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    DOC_IDLE_UNLOAD_MS: z.coerce.number().int().nonnegative().default(30_000),
    PERSIST_BATCH_MS: z.coerce.number().int().nonnegative().max(80).default(20),
    PERSIST_LAG_SAMPLE_MS: z.coerce.number().int().min(100).default(60_000),
    FACILITATOR_CLAIM_AFTER_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(3 * 60_000),
    NOTIFY_SCAN_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    NOTIFY_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
    WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(5),
    WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
    WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
    MAX_PARTICIPANTS: z.coerce.number().int().min(1).max(10_000).default(50),
    TRUSTED_PROXIES: z.string().default(''),
    RATE_LIMITS: z.string().default(''),
  })
  .safeParse({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    PUBLIC_URL: process.env.PUBLIC_URL || undefined,
    REDIS_URL: process.env.REDIS_URL || undefined,
    PROCESS_ID: process.env.PROCESS_ID || undefined,
    METRICS_TOKEN: process.env.METRICS_TOKEN || undefined,
  });

if (!env.success) {
  console.error(
    `Invalid configuration:\n${env.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const config = env.data;
const log = createLogger(config.LOG_LEVEL);
if (config.REDIS_URL && !config.DATABASE_URL) {
  console.error(
    'REDIS_URL is set but DATABASE_URL is not: several processes need a shared PostgreSQL (embedded PGlite serves one process only).',
  );
  process.exit(2);
}
// A failure in a background task (a Redis or database call nobody awaits) is logged, not fatal: one
// flaky dependency must not take down every room this process serves.
process.on('unhandledRejection', (reason) => {
  log.error({ event: 'process.unhandled_rejection', err: reason }, 'unhandled rejection');
});

try {
  const server = await startFiredrill({
    port: config.PORT,
    host: config.HOST,
    dev: config.NODE_ENV !== 'production',
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    processId: config.PROCESS_ID,
    metricsToken: config.METRICS_TOKEN,
    dataDir: config.DATA_DIR,
    publicUrl: config.PUBLIC_URL,
    maxYjsMessageBytes: config.YJS_MAX_MESSAGE_BYTES,
    maxBodyBytes: config.MAX_BODY_BYTES,
    docIdleUnloadMs: config.DOC_IDLE_UNLOAD_MS,
    persistBatchMs: config.PERSIST_BATCH_MS,
    lagSampleMs: config.PERSIST_LAG_SAMPLE_MS,
    facilitatorClaimAfterMs: config.FACILITATOR_CLAIM_AFTER_MS,
    notify: {
      scanSeconds: config.NOTIFY_SCAN_SECONDS,
      pollSeconds: config.NOTIFY_POLL_SECONDS,
      retryLimit: config.WEBHOOK_RETRY_LIMIT,
      retryDelaySeconds: config.WEBHOOK_RETRY_DELAY_SECONDS,
      post: { timeoutMs: config.WEBHOOK_TIMEOUT_MS, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE === '1' },
    },
    maxParticipants: config.MAX_PARTICIPANTS,
    trustedProxies: config.TRUSTED_PROXIES,
    rateLimits: config.RATE_LIMITS,
    withNext: true,
    log,
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ event: 'server.stop_failed', err: error }, 'could not stop cleanly');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  log.fatal({ event: 'server.start_failed', err: error }, (error as Error).message);
  process.exit(1);
}

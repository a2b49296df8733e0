/**
 * Composition root: the only file that reads the environment. Starts Firedrill on one port (Next.js
 * app, socket.io at /socket.io/, Yjs at /yjs/<workshopId>) and stops it gracefully on SIGTERM/SIGINT.
 */
import { z } from 'zod';
import { startFiredrill } from './firedrill';
import { createLogger } from './log';

// Next.js would otherwise print a telemetry notice and phone home; this server never does.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    NODE_ENV: z.string().default('development'),
    DATABASE_URL: z.string().url().optional(),
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
    FACILITATOR_CLAIM_AFTER_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(3 * 60_000),
  })
  .safeParse({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    PUBLIC_URL: process.env.PUBLIC_URL || undefined,
  });

if (!env.success) {
  console.error(
    `Invalid configuration:\n${env.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const config = env.data;
const log = createLogger(config.LOG_LEVEL);

try {
  const server = await startFiredrill({
    port: config.PORT,
    host: config.HOST,
    dev: config.NODE_ENV !== 'production',
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    publicUrl: config.PUBLIC_URL,
    maxYjsMessageBytes: config.YJS_MAX_MESSAGE_BYTES,
    maxBodyBytes: config.MAX_BODY_BYTES,
    docIdleUnloadMs: config.DOC_IDLE_UNLOAD_MS,
    persistBatchMs: config.PERSIST_BATCH_MS,
    facilitatorClaimAfterMs: config.FACILITATOR_CLAIM_AFTER_MS,
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

import { hostname } from 'node:os';
import { z } from 'zod';

const int = () => z.coerce.number().int();

/**
 * The environment Firedrill reads, one entry per variable with its default and meaning (the README's
 * configuration table repeats this). An empty string counts as unset, so `FOO=` in a unit file or a
 * compose file means "use the default", never "an invalid value".
 */
export const environmentSchema = z.object({
  /** HTTP port for the app, /socket.io/ and /yjs/; 0 picks a free one. Default 3000. */
  PORT: int().min(0).max(65_535).default(3000),
  /** Interface to listen on. Default 0.0.0.0 (every interface). */
  HOST: z.string().default('0.0.0.0'),
  /** `production` serves the Next build; anything else runs Next in dev mode (hot reload). */
  NODE_ENV: z.string().default('development'),
  /** PostgreSQL URL; unset, embedded PGlite serves one process from DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** PGlite data folder (created if missing; locked to one process). Default ./data. */
  DATA_DIR: z.string().default('./data'),
  /** Origin used in facilitator and join links; unset, the request's own origin. */
  PUBLIC_URL: z.string().url().optional(),
  /** pino level. Default info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest Yjs WebSocket message, bytes; a bigger one closes that connection (1009). Default 1 MiB. */
  YJS_MAX_MESSAGE_BYTES: int()
    .positive()
    .default(1024 * 1024),
  /** Largest JSON request body, bytes; a bigger one gets 413. Default 256 KiB. */
  MAX_BODY_BYTES: int()
    .positive()
    .default(256 * 1024),
  /** How long a document stays in memory after its last connection leaves, ms. Default 30 s. */
  DOC_IDLE_UNLOAD_MS: int().nonnegative().default(30_000),
  /** Batch window of the Yjs update writer, ms; at most 80 to keep the 100 ms durability promise. */
  PERSIST_BATCH_MS: int().nonnegative().max(80).default(20),
  /** How often each workshop's persistence lag goes into its event log, ms. Default 60 s. */
  PERSIST_LAG_SAMPLE_MS: int().min(100).default(60_000),
  /** How long the facilitator must be gone before a participant may claim the role, ms. Default 3 min. */
  FACILITATOR_CLAIM_AFTER_MS: int()
    .nonnegative()
    .default(3 * 60_000),
  /** Redis URL; set, any number of processes serve the same workshops (needs DATABASE_URL). */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key and channel, so deployments or test runs can share one Redis. */
  REDIS_PREFIX: z.string().max(64).default('fd:'),
  /** This process's name in logs, on the document bus and in /healthz and /readyz. Default host:pid. */
  PROCESS_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
    .optional(),
  /** Bearer token /metrics asks for (16+ characters); unset, /metrics is open. Also opens support bundles. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** How often reminders, overdue actions and the survey opening are looked for, s. Default 60. */
  NOTIFY_SCAN_SECONDS: int().min(1).max(3600).default(60),
  /** How often each process asks the job queue for work, s (at least 0.5). Default 2. */
  NOTIFY_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  /** Retries of a failed webhook post before its job ends failed. Default 5. */
  WEBHOOK_RETRY_LIMIT: int().min(0).max(20).default(5),
  /** First retry delay, s; each next one doubles (with jitter). Default 30. */
  WEBHOOK_RETRY_DELAY_SECONDS: int().min(1).max(3600).default(30),
  /** Longest a webhook post may take, connect to last byte, ms. Default 5 s. */
  WEBHOOK_TIMEOUT_MS: int().min(100).max(30_000).default(5_000),
  /** `1` lets webhooks point at loopback and private addresses: for tests only. Default 0. */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** The key sealing survey ballots, 32 bytes as base64 or hex. Unset: SURVEY_SEAL_KEY_FILE. */
  SURVEY_SEAL_KEY: z.string().optional(),
  /** Read, or created with mode 0600 on first start; outside DATA_DIR. Default ./survey-seal.key. */
  SURVEY_SEAL_KEY_FILE: z.string().default('./survey-seal.key'),
  /** The most participants a workshop admits, the facilitator not counted. Default 50. */
  MAX_PARTICIPANTS: int().min(1).max(10_000).default(50),
  /** Comma-separated CIDR ranges whose X-Forwarded-For names the client. Default none. */
  TRUSTED_PROXIES: z.string().default(''),
  /** Overrides of the budgets in server/access/limits.ts (`name=points[/seconds],…`). Default none. */
  RATE_LIMITS: z.string().default(''),
});

/** The environment as parsed, before it is shaped into a FiredrillConfig. */
export type Environment = z.infer<typeof environmentSchema>;

/** Everything the server needs, read once from the environment (see environmentSchema for defaults). */
export interface FiredrillConfig {
  port: number;
  host: string;
  /** Next.js dev mode (hot reload) instead of the production build: NODE_ENV is not `production`. */
  dev: boolean;
  databaseUrl?: string;
  dataDir: string;
  publicUrl?: string;
  logLevel: Environment['LOG_LEVEL'];
  /** Largest Yjs message accepted, bytes. */
  maxYjsMessageBytes: number;
  /** Largest JSON request body accepted, bytes. */
  maxBodyBytes: number;
  /** How long an idle document stays in memory, ms. */
  docIdleUnloadMs: number;
  /** Batch window of the Yjs update writer, ms. */
  persistBatchMs: number;
  /** How long the facilitator must be gone before a participant may claim the role, ms. */
  facilitatorClaimAfterMs: number;
  /**
   * Redis URL: when set, this process serves the same workshops as every other process with the same
   * Redis and PostgreSQL (and refuses to start on PGlite). Unset: one process, no Redis.
   */
  redisUrl?: string;
  /** Prefix of Redis keys and channels, so deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** This process's name in logs, the bus and /readyz. */
  processId: string;
  /** Bearer token /metrics asks for; unset, /metrics is open. Also opens any workshop's support bundle. */
  metricsToken?: string;
  /** How often each live workshop's persistence lag is recorded in its event log, ms. */
  lagSampleMs: number;
  /** Chat webhooks: scan period, job polling, retries, outbound limits. */
  /** Where the survey seal key comes from (server/main/survey-key.ts). */
  surveySeal: { key?: string; keyFile: string };
  /** MAX_PARTICIPANTS. */
  maxParticipants: number;
  /** TRUSTED_PROXIES, as given. */
  trustedProxies: string;
  /** RATE_LIMITS, as given. */
  rateLimits: string;
  notify: {
    scanSeconds: number;
    pollSeconds: number;
    retryLimit: number;
    retryDelaySeconds: number;
    post: { timeoutMs: number; allowPrivate: boolean };
  };
}

/** A configuration the server refuses to start with; the message names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose empty value means unset (an empty URL or token is never meant literally). */
const blankIsUnset = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'REDIS_URL',
  'PROCESS_ID',
  'METRICS_TOKEN',
  'SURVEY_SEAL_KEY',
] as const;

/** Reads and checks the environment; throws ConfigError naming every variable that is wrong. */
export function readConfig(env: Record<string, string | undefined> = process.env): FiredrillConfig {
  const input: Record<string, string | undefined> = { ...env };
  for (const name of blankIsUnset) input[name] = env[name] || undefined;
  const parsed = environmentSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'REDIS_URL is set but DATABASE_URL is not: several processes need a shared PostgreSQL (embedded PGlite serves one process only).',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dev: e.NODE_ENV !== 'production',
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    maxYjsMessageBytes: e.YJS_MAX_MESSAGE_BYTES,
    maxBodyBytes: e.MAX_BODY_BYTES,
    docIdleUnloadMs: e.DOC_IDLE_UNLOAD_MS,
    persistBatchMs: e.PERSIST_BATCH_MS,
    facilitatorClaimAfterMs: e.FACILITATOR_CLAIM_AFTER_MS,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    processId: e.PROCESS_ID ?? `${hostname()}:${process.pid}`,
    metricsToken: e.METRICS_TOKEN,
    lagSampleMs: e.PERSIST_LAG_SAMPLE_MS,
    surveySeal: { key: e.SURVEY_SEAL_KEY, keyFile: e.SURVEY_SEAL_KEY_FILE },
    maxParticipants: e.MAX_PARTICIPANTS,
    trustedProxies: e.TRUSTED_PROXIES,
    rateLimits: e.RATE_LIMITS,
    notify: {
      scanSeconds: e.NOTIFY_SCAN_SECONDS,
      pollSeconds: e.NOTIFY_POLL_SECONDS,
      retryLimit: e.WEBHOOK_RETRY_LIMIT,
      retryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
      post: { timeoutMs: e.WEBHOOK_TIMEOUT_MS, allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1' },
    },
  };
}

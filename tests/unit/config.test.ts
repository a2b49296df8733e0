import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, environmentSchema, readConfig } from '../../server/config';

const postgres = 'postgres://postgres@127.0.0.1:5432/firedrill';

describe('configuration from the environment', () => {
  it('starts on a bare machine: every variable has a default', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dev: true,
      databaseUrl: undefined,
      dataDir: './data',
      logLevel: 'info',
      maxYjsMessageBytes: 1024 * 1024,
      maxBodyBytes: 256 * 1024,
      docIdleUnloadMs: 30_000,
      persistBatchMs: 20,
      lagSampleMs: 60_000,
      facilitatorClaimAfterMs: 180_000,
      redisUrl: undefined,
      redisPrefix: 'fd:',
      metricsToken: undefined,
      notify: {
        scanSeconds: 60,
        pollSeconds: 2,
        retryLimit: 5,
        retryDelaySeconds: 30,
        post: { timeoutMs: 5_000, allowPrivate: false },
      },
    });
    expect(config.processId.endsWith(`:${process.pid}`)).toBe(true);
  });

  it('reads numbers, production mode and the flags it is given', () => {
    const config = readConfig({
      PORT: '0',
      NODE_ENV: 'production',
      DATABASE_URL: postgres,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PROCESS_ID: 'web-1',
      PERSIST_BATCH_MS: '80',
      WEBHOOK_ALLOW_PRIVATE: '1',
    });
    expect(config).toMatchObject({
      port: 0,
      dev: false,
      databaseUrl: postgres,
      redisUrl: 'redis://127.0.0.1:6379',
      processId: 'web-1',
      persistBatchMs: 80,
    });
    expect(config.notify.post.allowPrivate).toBe(true);
  });

  it('treats an empty URL, token or process name as unset', () => {
    const config = readConfig({ DATABASE_URL: '', METRICS_TOKEN: '', PROCESS_ID: '', PUBLIC_URL: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.metricsToken).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
    expect(config.processId).toMatch(/:\d+$/);
  });

  it('refuses a bad value with an error naming the variable', () => {
    expect(() => readConfig({ PERSIST_BATCH_MS: '500' })).toThrow(ConfigError);
    expect(() => readConfig({ PERSIST_BATCH_MS: '500' })).toThrow(/PERSIST_BATCH_MS/);
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => readConfig({ PROCESS_ID: 'has spaces' })).toThrow(/PROCESS_ID/);
  });

  it('names every bad variable at once', () => {
    const message = (() => {
      try {
        readConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
  });

  it('refuses REDIS_URL without DATABASE_URL, since PGlite serves one process only', () => {
    expect(() => readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(ConfigError);
    expect(() => readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/DATABASE_URL/);
  });

  it('documents exactly the variables it reads in the README configuration table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
    const documented = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.keys(environmentSchema.shape).sort());
  });
});

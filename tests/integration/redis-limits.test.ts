import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { limitsOver, parseLimitOverrides } from '../../server/access/limits';
import { redisLimiter } from '../../server/cluster/limits';
import { freePort } from '../helpers/cluster';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const budgets = parseLimitOverrides('join-per-address=3/60,wrong-token-per-address=2/600');

describe('limits counted in Redis', () => {
  const clients: Redis[] = [];
  const prefix = `fdtest:${randomBytes(6).toString('hex')}:`;
  /** A connection as scale-out.ts opens its publisher: no offline queue, one retry. */
  const connect = async (url = redisUrl) => {
    const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    clients.push(client);
    await client.connect().catch(() => {});
    return client;
  };
  afterEach(async () => {
    const cleaner = new Redis(redisUrl);
    const keys = await cleaner.keys(`${prefix}*`);
    if (keys.length > 0) await cleaner.del(...keys);
    cleaner.disconnect();
    for (const client of clients.splice(0)) client.disconnect();
  });

  it('share one count between processes, under the deployment prefix', async () => {
    const processes = [
      limitsOver(budgets, redisLimiter(await connect(), prefix)),
      limitsOver(budgets, redisLimiter(await connect(), prefix)),
      limitsOver(budgets, redisLimiter(await connect(), prefix)),
    ];
    // Round-robin as HAProxy sends them: three joins from one address pass, the fourth does not.
    for (let i = 0; i < 3; i++)
      expect(await processes[i]!.consume('join-per-address', '198.51.100.1')).toEqual({ ok: true });
    const fourth = await processes[0]!.consume('join-per-address', '198.51.100.1');
    expect(fourth.ok).toBe(false);
    if (!fourth.ok) expect(fourth.retryAfterSeconds).toBeGreaterThan(50);
    expect(await processes[1]!.consume('join-per-address', '198.51.100.2')).toEqual({ ok: true });

    await processes[0]!.consume('wrong-token-per-address', '198.51.100.3');
    expect(await processes[1]!.check('wrong-token-per-address', '198.51.100.3')).toEqual({ ok: true });
    await processes[2]!.consume('wrong-token-per-address', '198.51.100.3');
    expect((await processes[1]!.check('wrong-token-per-address', '198.51.100.3')).ok).toBe(false);

    const keys = await (await connect()).keys(`${prefix}limits:*`);
    expect(keys.sort()).toEqual([
      `${prefix}limits:join-per-address:198.51.100.1`,
      `${prefix}limits:join-per-address:198.51.100.2`,
      `${prefix}limits:wrong-token-per-address:198.51.100.3`,
    ]);
  });

  it('go on counting in memory while Redis is away', async () => {
    const away = await connect(`redis://127.0.0.1:${await freePort()}`);
    const limits = limitsOver(budgets, redisLimiter(away, prefix));
    for (let i = 0; i < 3; i++)
      expect(await limits.consume('join-per-address', '198.51.100.1')).toEqual({ ok: true });
    expect((await limits.consume('join-per-address', '198.51.100.1')).ok).toBe(false);
    expect(await limits.check('wrong-token-per-address', '198.51.100.1')).toEqual({ ok: true });
  });
});

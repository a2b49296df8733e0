import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/**
 * The limiter of one bucket when several processes serve a deployment (a `LimiterFactory` of
 * access/limits.ts): counted in Redis under the deployment's prefix. While Redis is away each
 * process counts in its own memory (the insurance limiter), so the limits loosen at most by the
 * number of processes instead of failing every join.
 */
export function redisLimiter(client: Redis, prefix: string) {
  return (name: string, { points, seconds }: { points: number; seconds: number }) =>
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${prefix}${name}`,
      points,
      duration: seconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: seconds }),
    });
}

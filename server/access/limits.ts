import { type RateLimiterAbstract, RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '../contract/errors';
import { AppError } from './app-error';

/** A budget: `points` uses per fixed window of `seconds`, counted per key. */
export interface Budget {
  points: number;
  seconds: number;
}

/**
 * Every rate limit, declared once. Defaults are safe for a public server and leave room for an
 * office behind one NAT address (a whole workshop of 50 joining within a minute). RATE_LIMITS
 * overrides them (parseLimitOverrides), so tests and benches that legitimately create many workshops
 * or joins from one address can raise them.
 */
export const limitBudgets = {
  /** Joins into one workshop, whoever joins: a leaked link cannot be replayed thousands of times. */
  'join-per-workshop': { points: 60, seconds: 60 },
  /** Joins from one client address, into any workshops. */
  'join-per-address': { points: 60, seconds: 60 },
  /**
   * Wrong workshop tokens (or unknown workshops) from one address; once used up, every token check
   * from that address, a right token included, is refused until the window ends.
   */
  'wrong-token-per-address': { points: 10, seconds: 600 },
  /** Teams and workshops created from one client address per hour. */
  'create-per-address': { points: 20, seconds: 3600 },
} as const satisfies Record<string, Budget>;

/** The name of a rate limit. */
export type LimitName = keyof typeof limitBudgets;
/** Every budget, by name. */
export type Budgets = Record<LimitName, Budget>;
/** A limiter's answer. */
export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** What use cases need of a rate limiter: one process counts in memory, several in Redis. */
export interface Limits {
  /** Uses one point of `bucket` for `key`; refused once the window's points are used up. */
  consume(bucket: LimitName, key: string): Promise<LimitVerdict>;
  /** Whether `key` has points left in `bucket` now, without using one. */
  check(bucket: LimitName, key: string): Promise<LimitVerdict>;
}

/** The sentence of a 429, per bucket (the code is RATE_LIMITED). */
const refusals: Record<LimitName, string> = {
  'join-per-workshop': 'Too many people joined this workshop in a short time.',
  'join-per-address': 'Too many joins from your network in a short time.',
  'wrong-token-per-address': 'Too many wrong links from your network.',
  'create-per-address': 'Too many teams and workshops created from your network this hour.',
};

/**
 * Parses RATE_LIMITS: `name=points` or `name=points/seconds`, comma-separated, e.g.
 * `join-per-address=500,create-per-address=1000/3600`. Throws naming the first wrong entry.
 */
export function parseLimitOverrides(text: string): Budgets {
  const budgets: Budgets = { ...limitBudgets };
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const match = /^([a-z-]+)=(\d+)(?:\/(\d+))?$/.exec(entry);
    const name = match?.[1] as LimitName | undefined;
    if (!match || !name || !(name in limitBudgets) || Number(match[2]) < 1 || match[3] === '0') {
      throw new Error(
        `RATE_LIMITS: "${entry}" is not name=points[/seconds] with name one of ${Object.keys(limitBudgets).join(', ')}.`,
      );
    }
    budgets[name] = { points: Number(match[2]), seconds: Number(match[3] ?? limitBudgets[name].seconds) };
  }
  return budgets;
}

/** Makes the limiter of one bucket: in memory (one process) or in Redis (cluster/limits.ts). */
export type LimiterFactory = (name: LimitName, budget: Budget) => RateLimiterAbstract;

/** Limits over one rate-limiter-flexible limiter per bucket. */
export function limitsOver(budgets: Budgets, makeLimiter: LimiterFactory): Limits {
  const limiters = new Map(
    (Object.keys(budgets) as LimitName[]).map((name) => [name, makeLimiter(name, budgets[name])]),
  );
  const limiter = (name: LimitName) => limiters.get(name)!;
  const refusal = (res: RateLimiterRes): LimitVerdict => ({
    ok: false,
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    consume: async (bucket, key) => {
      try {
        await limiter(bucket).consume(key);
        return { ok: true };
      } catch (error) {
        // Refusals are RateLimiterRes; anything else (Redis down without insurance) is a real error.
        // (duck-typed: Next may bundle its own copy of the library's classes)
        if (typeof (error as RateLimiterRes | undefined)?.msBeforeNext === 'number') {
          return refusal(error as RateLimiterRes);
        }
        throw error;
      }
    },
    check: async (bucket, key) => {
      const res = await limiter(bucket).get(key);
      return res && res.consumedPoints >= budgets[bucket].points ? refusal(res) : { ok: true };
    },
  };
}

/** One process: each bucket counted in this process's memory. */
export const memoryLimiter: LimiterFactory = (name, { points, seconds }) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });

/** The 429 of a refused verdict. */
export function rateLimited(bucket: LimitName, retryAfterSeconds: number): AppError {
  return new AppError(
    ErrorCode.RATE_LIMITED,
    `${refusals[bucket]} Try again in ${describeWait(retryAfterSeconds)}.`,
    undefined,
    retryAfterSeconds,
  );
}

/** Uses a point of `bucket` for `key`, or throws the 429. */
export async function spendLimit(limits: Limits, bucket: LimitName, key: string): Promise<void> {
  const verdict = await limits.consume(bucket, key);
  if (!verdict.ok) throw rateLimited(bucket, verdict.retryAfterSeconds);
}

/** Codes that mean a token (or the workshop it names) was wrong: a guess, as far as limits go. */
const wrongTokenCodes = new Set<string>([ErrorCode.UNAUTHORIZED, ErrorCode.NOT_FOUND]);

/**
 * Runs a workshop-token check from `address`: refused with 429 while the address has used up its
 * wrong tokens (even if this token is right), and a wrong token uses one up.
 */
export async function checkingToken<T>(limits: Limits, address: string, check: () => Promise<T>): Promise<T> {
  const verdict = await limits.check('wrong-token-per-address', address);
  if (!verdict.ok) throw rateLimited('wrong-token-per-address', verdict.retryAfterSeconds);
  try {
    return await check();
  } catch (error) {
    // Duck-typed like errorResponse: the AppError class may be loaded twice (custom server and Next).
    if (
      error instanceof Error &&
      error.name === 'AppError' &&
      wrongTokenCodes.has((error as AppError).code)
    ) {
      await limits.consume('wrong-token-per-address', address);
    }
    throw error;
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

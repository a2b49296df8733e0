import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/access/app-error';
import {
  checkingToken,
  limitBudgets,
  limitsOver,
  memoryLimiter,
  parseLimitOverrides,
  spendLimit,
} from '../../server/access/limits';

const tight = () =>
  limitsOver(parseLimitOverrides('join-per-address=2/60,wrong-token-per-address=2/600'), memoryLimiter);
const wrong = () => Promise.reject(new AppError('UNAUTHORIZED', 'This link is not valid for this workshop.'));
const right = () => Promise.resolve('admitted');

describe('limits', () => {
  it('refuses once a key has used its points, with the seconds left in the window', async () => {
    const limits = tight();
    expect(await limits.consume('join-per-address', 'a')).toEqual({ ok: true });
    expect(await limits.consume('join-per-address', 'a')).toEqual({ ok: true });
    const third = await limits.consume('join-per-address', 'a');
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    // Another key and another bucket have their own points.
    expect(await limits.consume('join-per-address', 'b')).toEqual({ ok: true });
    expect(await limits.consume('join-per-workshop', 'a')).toEqual({ ok: true });
  });

  it('throws a RATE_LIMITED AppError carrying Retry-After', async () => {
    const limits = tight();
    await spendLimit(limits, 'join-per-address', 'a');
    await spendLimit(limits, 'join-per-address', 'a');
    const error = await spendLimit(limits, 'join-per-address', 'a').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as AppError).message).toMatch(/^Too many joins from your network .* Try again in \d+ s\.$/);
  });

  it('refuses even a right token from an address that sent too many wrong ones', async () => {
    const limits = tight();
    expect(await checkingToken(limits, 'a', right)).toBe('admitted');
    await expect(checkingToken(limits, 'a', wrong)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(checkingToken(limits, 'a', wrong)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(checkingToken(limits, 'a', right)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await checkingToken(limits, 'b', right)).toBe('admitted');
  });

  it('does not count other failures as wrong tokens', async () => {
    const limits = tight();
    const full = () => Promise.reject(new AppError('WORKSHOP_FULL', 'This workshop is full.'));
    for (let i = 0; i < 3; i++)
      await expect(checkingToken(limits, 'a', full)).rejects.toMatchObject({ code: 'WORKSHOP_FULL' });
    expect(await checkingToken(limits, 'a', right)).toBe('admitted');
  });

  it('reads overrides of points and window, and refuses a wrong entry by name', () => {
    expect(parseLimitOverrides('')).toEqual(limitBudgets);
    const budgets = parseLimitOverrides('join-per-address=500, create-per-address=1000/7200');
    expect(budgets['join-per-address']).toEqual({
      points: 500,
      seconds: limitBudgets['join-per-address'].seconds,
    });
    expect(budgets['create-per-address']).toEqual({ points: 1000, seconds: 7200 });
    expect(() => parseLimitOverrides('joins=5')).toThrow('"joins=5"');
    expect(() => parseLimitOverrides('join-per-address=0')).toThrow('"join-per-address=0"');
    expect(() => parseLimitOverrides('join-per-address=5/0')).toThrow('"join-per-address=5/0"');
  });
});

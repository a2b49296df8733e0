import { describe, expect, it } from 'vitest';
import { createByteBudget } from '../../server/transport/byte-budget';

describe('byte budget', () => {
  it('allows a burst, refuses past it, and refills with time', () => {
    let now = 0;
    const budget = createByteBudget(1_000, 4_000, () => now);
    expect(budget.spend(3_000)).toBe(true);
    expect(budget.spend(1_000)).toBe(true);
    expect(budget.spend(1)).toBe(false);
    now = 500; // half a second refills 500 bytes
    expect(budget.spend(600)).toBe(false);
    expect(budget.spend(500)).toBe(true);
    now = 60_000; // never above the burst
    expect(budget.spend(4_001)).toBe(false);
    expect(budget.spend(4_000)).toBe(true);
  });
});

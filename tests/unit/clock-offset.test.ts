import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from '../../server/model/clock-offset';

describe('clock offset', () => {
  it('uses the ping with the lowest round trip', () => {
    // The local clock is 7 minutes behind the server; one ping was delayed by queueing.
    const skew = 7 * 60_000;
    const samples = [
      { sentAt: 1_000, receivedAt: 1_900, serverNow: 1_100 + skew }, // 900 ms round trip, answer taken early
      { sentAt: 2_000, receivedAt: 2_040, serverNow: 2_020 + skew }, // 40 ms, symmetric
      { sentAt: 3_000, receivedAt: 3_300, serverNow: 3_250 + skew },
    ];
    expect(estimateClockOffset(samples)).toEqual({ offsetMs: skew, rttMs: 40 });
  });

  it('has no estimate without samples', () => {
    expect(estimateClockOffset([])).toBeUndefined();
  });
});

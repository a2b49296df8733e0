/** One clock ping: local send and receive times around the server's answer. */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

/**
 * Estimated `serverClock - localClock` in ms from several pings. The sample with the lowest round
 * trip is the one least distorted by queueing, so it alone is used, assuming the server's answer
 * was taken halfway through that round trip.
 */
export function estimateClockOffset(
  samples: readonly ClockSample[],
): { offsetMs: number; rttMs: number } | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (!best || sample.receivedAt - sample.sentAt < best.receivedAt - best.sentAt) best = sample;
  }
  if (!best) return undefined;
  const rttMs = best.receivedAt - best.sentAt;
  return { offsetMs: best.serverNow - (best.sentAt + rttMs / 2), rttMs };
}

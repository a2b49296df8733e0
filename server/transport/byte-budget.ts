/**
 * A token bucket of bytes per connection. Written here rather than taken from rate-limiter-flexible
 * (used for commands) because the Yjs relay must decide synchronously, message by message and in
 * order; that library only answers through a promise.
 */
export interface ByteBudget {
  /** Spends `bytes` if the budget allows it now; false means the sender is over its rate. */
  spend(bytes: number): boolean;
}

/** A budget refilling at `bytesPerSecond` up to `burstBytes`. `now` is injectable for tests. */
export function createByteBudget(
  bytesPerSecond: number,
  burstBytes: number,
  now: () => number = performance.now.bind(performance),
): ByteBudget {
  let tokens = burstBytes;
  let last = now();
  return {
    spend(bytes) {
      const t = now();
      tokens = Math.min(burstBytes, tokens + ((t - last) / 1000) * bytesPerSecond);
      last = t;
      if (bytes > tokens) return false;
      tokens -= bytes;
      return true;
    },
  };
}

'use client';

import { useEffect, useState } from 'react';

/**
 * The server's clock (`Date.now() + clockOffsetMs`), refreshed every `intervalMs` (default 250 ms).
 * Every countdown derives from it, so a laptop whose own clock is minutes off shows the same time.
 */
export function useServerNow(clockOffsetMs: number, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now() + clockOffsetMs);
  useEffect(() => {
    setNow(Date.now() + clockOffsetMs);
    const timer = setInterval(() => setNow(Date.now() + clockOffsetMs), intervalMs);
    return () => clearInterval(timer);
  }, [clockOffsetMs, intervalMs]);
  return now;
}

/** m:ss of a non-negative duration, rounded down to the second ("4:05"; hours roll into minutes). */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** Time since a turn began, as the timeline stamps it: "+1:07". */
export function formatSince(ms: number): string {
  return `+${formatDuration(ms)}`;
}

/**
 * What the clock shows for `remaining` ms: "12:34" counting down (rounded up, so 0:00 is reached
 * exactly at the end), then "+m:ss over" once the time has run out.
 */
export function formatRemaining(remaining: number): string {
  if (remaining > 0) return formatDuration(Math.ceil(remaining / 1000) * 1000);
  return remaining <= -1000 ? `+${formatDuration(-remaining)} over` : '0:00';
}

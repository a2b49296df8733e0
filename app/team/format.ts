/** A date or timestamp as people read it, in their locale ("12 Nov 2026"). */
export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const date = iso.length === 10 ? new Date(`${iso}T12:00:00`) : new Date(iso);
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A timestamp with its time of day ("12 Nov 2026, 14:00"). */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Milliseconds since a turn began as "+m:ss". */
export function formatOffset(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `+${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A yyyy-mm month as "November 2026". */
export function formatMonth(month: string): string {
  return new Date(`${month}-15T12:00:00`).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}

/**
 * Why a month's results are not shown: still open ("2 answers so far — results when the month ends"),
 * or closed with too few answers ("2 answers — shown from 3").
 */
export function hiddenMonthNote(month: { answers: number; isOpen: boolean }, minAnswers: number): string {
  const answers = `${month.answers} ${month.answers === 1 ? 'answer' : 'answers'}`;
  return month.isOpen
    ? `${answers} so far — results when the month ends`
    : `${answers} — shown from ${minAnswers}`;
}

import type { LinkStatus } from '../lib/use-room';

/** "Live" while every link to the server is up, "Reconnecting…" as soon as one drops. */
export function ConnectionBadge({ status }: { status: LinkStatus }) {
  const label = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }[status];
  return (
    <p
      className={`connection connection-${status}`}
      role="status"
      aria-live="polite"
      data-testid="connection"
    >
      {label}
    </p>
  );
}

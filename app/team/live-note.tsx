import type { TeamLive } from './use-team-live';

/** One line saying whether changes made in other browsers appear on this page by themselves. */
export function LiveNote({ live }: { live: TeamLive }) {
  const text = {
    off: '',
    connecting: 'Connecting for live updates…',
    live: 'Live: changes made elsewhere appear here by themselves.',
    reconnecting: 'Live updates paused: reconnecting…',
    refused: `Live updates are off. ${live.error ?? ''}`,
  }[live.status];
  return (
    <p className="live-note small muted" role="status" data-testid="live-status" data-status={live.status}>
      {text}
    </p>
  );
}

'use client';

import type { RoleEvent } from '@/server/workshop/state';
import { useRoomContext } from './room-context';

/** "Ann claimed the facilitator role" and the like, newest last. */
function describe(event: RoleEvent, nameOf: (id: string | null) => string): string {
  if (event.kind === 'claimed') return `${nameOf(event.to)} claimed the facilitator role`;
  if (event.kind === 'handed')
    return `${nameOf(event.from)} handed the facilitator role to ${nameOf(event.to)}`;
  return event.to ? `${nameOf(event.to)} is now the scribe` : 'Nobody is the scribe now';
}

/** The last role changes, announced politely to screen readers as they happen. */
export function RoleEvents() {
  const { state, nameOf } = useRoomContext();
  const recent = state.roleEvents.slice(-5);
  return (
    <section className="panel" aria-labelledby="role-events-title">
      <h2 id="role-events-title">Role changes</h2>
      <ul className="role-events" aria-live="polite" data-testid="role-events">
        {recent.length === 0 && <li className="muted">None yet.</li>}
        {recent.map((event) => (
          <li key={`${event.at}-${event.kind}-${event.to}`}>{describe(event, nameOf)}</li>
        ))}
      </ul>
    </section>
  );
}

'use client';

import { EmptyState } from '../lib/empty-state';
import { describeRoleEvent } from './announcements';
import { useRoomContext } from './room-context';

/** The last role changes, newest last. The room's announcer tells screen readers as they happen. */
export function RoleEvents() {
  const { state, nameOf, isFacilitator } = useRoomContext();
  const recent = state.roleEvents.slice(-5);
  return (
    <section className="panel" aria-labelledby="role-events-title">
      <h2 id="role-events-title">Role changes</h2>
      {recent.length === 0 ? (
        <EmptyState>
          {isFacilitator
            ? 'No role changes yet: pick a scribe under Roles to log the driver’s steps.'
            : 'No role changes yet: the facilitator picks a scribe to log the driver’s steps.'}
        </EmptyState>
      ) : (
        <ul className="role-events" data-testid="role-events">
          {recent.map((event) => (
            <li key={`${event.at}-${event.kind}-${event.to}`}>{describeRoleEvent(event, nameOf)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

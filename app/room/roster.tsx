'use client';

import { currentTurn } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { type Person, useRoomContext } from './room-context';

/** The roles someone holds now, as the roster shows them. */
function rolesOf(person: Person, ctx: ReturnType<typeof useRoomContext>): string[] {
  const { state } = ctx;
  const roles: string[] = [];
  if (state.facilitatorId === person.id) roles.push('facilitator');
  if (state.scribeId === person.id) roles.push('scribe');
  if (currentTurn(state)?.participantId === person.id) roles.push('driver');
  const pastDraw = state.phase === 'investigate' || state.phase === 'reflect';
  if (pastDraw && !state.turnOrder.includes(person.id)) roles.push('observer');
  return roles;
}

/**
 * Everyone in the workshop with their roles and an online dot: online from the socket.io roster
 * merged with live presence. Present people keep the `present-person` test id. Alone in the room,
 * it says how the others get in.
 */
export function Roster() {
  const ctx = useRoomContext();
  const online = ctx.people.filter((p) => p.online).length;
  return (
    <section className="panel" aria-labelledby="presence-title">
      <h2 id="presence-title">
        People <span className="count">{online} here</span>
      </h2>
      <ul className="presence" data-testid="presence">
        {ctx.people.map((person) => (
          <li
            key={person.id}
            data-testid={person.online ? 'present-person' : 'absent-person'}
            className={person.online ? '' : 'offline'}
          >
            <span className={`dot${person.online ? '' : ' dot-off'}`} aria-hidden="true" />
            <span className="person-name">{person.name}</span>
            <span className="visually-hidden">{person.online ? '(online)' : '(offline)'}</span>
            {rolesOf(person, ctx).map((role) => (
              <span key={role} className={`badge badge-${role}`}>
                {role}
              </span>
            ))}
            {person.isYou && <span className="you">(you)</span>}
          </li>
        ))}
      </ul>
      {ctx.people.every((person) => person.isYou) && (
        <EmptyState>
          {ctx.isFacilitator
            ? 'Nobody else is here yet: send your team the join link above.'
            : 'Only you so far: the others join with the same link.'}
        </EmptyState>
      )}
    </section>
  );
}

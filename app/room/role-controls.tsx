'use client';

import { useState } from 'react';
import { formatDuration } from '../lib/format';
import { useServerNow } from '../lib/use-server-now';
import { useRoomContext } from './room-context';

/**
 * Role changes: the facilitator picks the scribe and can hand the facilitator role over; when the
 * facilitator has been away, anyone else can claim it (the server decides whether it is too early).
 */
export function RoleControls() {
  const { state, isFacilitator, people, meId, send } = useRoomContext();
  const [handTo, setHandTo] = useState('');
  const others = people.filter((p) => p.id !== meId);
  if (!isFacilitator) return state.facilitatorAwaySince !== null ? <ClaimRole /> : null;
  return (
    <section className="panel role-controls" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <div className="field">
        <label htmlFor="scribe-select">Scribe</label>
        <select
          id="scribe-select"
          value={state.scribeId ?? ''}
          onChange={(event) => void send('scribe:assign', { participantId: event.target.value || null })}
        >
          <option value="">Nobody</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (handTo) void send('role:hand', { participantId: handTo }).then(() => setHandTo(''));
        }}
      >
        <div className="field">
          <label htmlFor="hand-role">Hand the facilitator role to</label>
          <select id="hand-role" value={handTo} onChange={(event) => setHandTo(event.target.value)}>
            <option value="">Choose someone</option>
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!handTo}>
          Hand over
        </button>
      </form>
    </section>
  );
}

function ClaimRole() {
  const { state, nameOf, send, clockOffsetMs } = useRoomContext();
  const now = useServerNow(clockOffsetMs, 1_000);
  const away = now - (state.facilitatorAwaySince ?? now);
  return (
    <section className="panel" aria-labelledby="claim-title">
      <h2 id="claim-title">Facilitator away</h2>
      <p>
        {nameOf(state.facilitatorId)} has been away for {formatDuration(away)}.
      </p>
      <button type="button" onClick={() => void send('role:claim', {})}>
        Claim facilitator role
      </button>
    </section>
  );
}

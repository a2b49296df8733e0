'use client';

import type { Awareness } from 'y-protocols/awareness';
import { usePresence } from '../lib/use-doc';

/** Who is in the room right now (live from awareness: a closed tab disappears). */
export function PresenceList({ awareness, youId }: { awareness: Awareness; youId: string | null }) {
  const people = usePresence(awareness, youId);
  return (
    <section className="panel" aria-labelledby="presence-title">
      <h2 id="presence-title">
        Here now <span className="count">{people.length}</span>
      </h2>
      <ul className="presence" data-testid="presence">
        {people.map((person) => (
          <li key={person.id} data-testid="present-person">
            <span className="dot" aria-hidden="true" />
            <span className="person-name">{person.name}</span>
            {person.role === 'facilitator' && <span className="badge">facilitator</span>}
            {person.isYou && <span className="you">(you)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

'use client';

import type { Phase } from '@/server/contract/vocabulary';
import { WALL_TITLES, WALLS, type WallId } from '@/server/contract/vocabulary';
import { listNotes } from '@/server/model/notes';
import { useDocValue } from '../lib/use-doc';
import { DeletedNotes } from './deleted-notes';
import { useRoomContext } from './room-context';
import { Wall } from './wall';

/** Each wall's placeholder, and what it says while empty (in the workshop's phase). */
const WALL_COPY: Record<WallId, { hint: string; empty: (phase: Phase) => string }> = {
  crappy: {
    hint: 'A bad alarm, a slow log search…',
    empty: () => 'No notes yet: write what hurt in the box above and press Enter.',
  },
  awesome: {
    hint: 'Something to replicate elsewhere…',
    empty: () => 'No notes yet: write what worked well in the box above and press Enter.',
  },
  actions: {
    hint: 'A commitment, with an owner and a date…',
    empty: (phase) =>
      phase === 'reflect'
        ? 'No actions yet: write a commitment above, then give it an owner and a due date.'
        : 'No actions yet: the team agrees them in the reflection, but you can write one above now.',
  },
};

/** The three walls: what hurt, what worked, and the actions the team commits to. */
export function Walls() {
  const { room, state } = useRoomContext();
  const notes = useDocValue(room.doc, listNotes);
  return (
    <div className="walls">
      {WALLS.map((wall) => (
        <Wall
          key={wall}
          wall={wall}
          title={WALL_TITLES[wall]}
          hint={WALL_COPY[wall].hint}
          empty={WALL_COPY[wall].empty(state.phase)}
          notes={notes.filter((n) => n.wall === wall)}
        />
      ))}
      <DeletedNotes />
    </div>
  );
}

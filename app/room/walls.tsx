'use client';

import { listNotes } from '@/server/model/notes';
import { useDocValue } from '../lib/use-doc';
import { DeletedNotes } from './deleted-notes';
import { useRoomContext } from './room-context';
import { Wall } from './wall';

/** The three walls: what hurt, what worked, and the actions the team commits to. */
export function Walls() {
  const { room, state } = useRoomContext();
  const notes = useDocValue(room.doc, listNotes);
  return (
    <div className="walls">
      <Wall
        wall="crappy"
        title="What's crappy"
        hint="A bad alarm, a slow log search…"
        empty="No notes yet: write what hurt in the box above and press Enter."
        notes={notes.filter((n) => n.wall === 'crappy')}
      />
      <Wall
        wall="awesome"
        title="What's awesome"
        hint="Something to replicate elsewhere…"
        empty="No notes yet: write what worked well in the box above and press Enter."
        notes={notes.filter((n) => n.wall === 'awesome')}
      />
      <Wall
        wall="actions"
        title="Actions"
        hint="A commitment, with an owner and a date…"
        empty={
          state.phase === 'reflect'
            ? 'No actions yet: write a commitment above, then give it an owner and a due date.'
            : 'No actions yet: the team agrees them in the reflection, but you can write one above now.'
        }
        notes={notes.filter((n) => n.wall === 'actions')}
      />
      <DeletedNotes />
    </div>
  );
}

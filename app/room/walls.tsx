'use client';

import { listNotes } from '@/server/workshop/notes';
import { useDocValue } from '../lib/use-doc';
import { DeletedNotes } from './deleted-notes';
import { useRoomContext } from './room-context';
import { Wall } from './wall';

/** The three walls: what hurt, what worked, and the actions the team commits to. */
export function Walls() {
  const { room } = useRoomContext();
  const notes = useDocValue(room.doc, listNotes);
  return (
    <div className="walls">
      <Wall
        wall="crappy"
        title="What's crappy"
        hint="A bad alarm, a slow log search…"
        notes={notes.filter((n) => n.wall === 'crappy')}
      />
      <Wall
        wall="awesome"
        title="What's awesome"
        hint="Something to replicate elsewhere…"
        notes={notes.filter((n) => n.wall === 'awesome')}
      />
      <Wall
        wall="actions"
        title="Actions"
        hint="A commitment, with an owner and a date…"
        notes={notes.filter((n) => n.wall === 'actions')}
      />
      <DeletedNotes />
    </div>
  );
}

'use client';

import { listNotes, restoreNote } from '@/server/model/notes';
import { useDocValue } from '../lib/use-doc';
import { useRoomContext } from './room-context';

const listDeleted = (doc: Parameters<typeof listNotes>[0]) => listNotes(doc, { deleted: true });

/**
 * Post-its deleted during this workshop that you may put back: your own, or any as the facilitator.
 * Nothing deleted is lost until the workshop ends; the record keeps only what is on the walls then.
 */
export function DeletedNotes() {
  const { room, meId, isFacilitator } = useRoomContext();
  const deleted = useDocValue(room.doc, listDeleted).filter((n) => isFacilitator || n.authorId === meId);
  if (deleted.length === 0) return null;
  return (
    <details className="panel deleted-items" data-testid="deleted-notes">
      <summary>Deleted notes ({deleted.length})</summary>
      <ul>
        {deleted.map((note) => (
          <li key={note.id}>
            <span className="muted small">{note.authorName}:</span> {note.text || <em>empty note</em>}{' '}
            <button
              type="button"
              className="link-button"
              aria-label={`Restore note “${note.text}” by ${note.authorName}`}
              onClick={() => restoreNote(room.doc, note.id)}
            >
              Restore
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

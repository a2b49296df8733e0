'use client';

import { WALL_TITLES, WALLS, type WallId } from '@/server/contract/vocabulary';
import { deleteNote, type NoteView, updateNote } from '@/server/model/notes';
import { ActionFields } from './action-fields';
import { NoteText } from './note-text';
import { useRoomContext } from './room-context';
import { VoteButtons } from './vote-buttons';

/**
 * One post-it: its text, the scenario it came from, and for its author (or the facilitator) the
 * wall it sits on, its group label and delete; actions also carry owner, due date, priority, votes.
 */
export function NoteCard({ note }: { note: NoteView }) {
  const { room, state, meId, isFacilitator } = useRoomContext();
  const editable = note.authorId === meId || isFacilitator;
  const scenario = note.cardId ? state.cards[note.cardId]?.title : undefined;
  const who = `note by ${note.authorName}`;
  return (
    <li className={`note note-${note.wall}`} data-testid="note">
      {scenario && (
        <p className="note-scenario" data-testid="note-scenario">
          {scenario}
        </p>
      )}
      <NoteText
        doc={room.doc}
        noteId={note.id}
        initial={note.text}
        label={`Note by ${note.authorName}`}
        editable={editable}
      />
      {note.wall === 'actions' && <ActionFields note={note} editable={editable} />}
      {note.wall === 'actions' && <VoteButtons note={note} />}
      <footer>
        <span className="author">{note.authorName}</span>
        {editable ? (
          <span className="note-tools">
            <label>
              <span className="visually-hidden">Group of {who}</span>
              <input
                className="group-input"
                placeholder="group"
                key={note.group}
                defaultValue={note.group}
                onBlur={(event) => updateNote(room.doc, note.id, { group: event.target.value.trim() })}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') event.currentTarget.blur();
                }}
              />
            </label>
            <label>
              <span className="visually-hidden">Move {who} to</span>
              <select
                value={note.wall}
                onChange={(event) => updateNote(room.doc, note.id, { wall: event.target.value as WallId })}
              >
                {WALLS.map((wall) => (
                  <option key={wall} value={wall}>
                    {WALL_TITLES[wall]}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="icon-button"
              aria-label={`Delete note by ${note.authorName}`}
              onClick={() => deleteNote(room.doc, note.id, meId, Date.now())}
            >
              ✕
            </button>
          </span>
        ) : (
          note.group && <span className="muted">{note.group}</span>
        )}
      </footer>
    </li>
  );
}

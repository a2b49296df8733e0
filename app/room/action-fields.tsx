'use client';

import { PRIORITIES, type Priority } from '@/server/contract/vocabulary';
import { type NoteView, updateNote } from '@/server/model/notes';
import { useRoomContext } from './room-context';

/** An action's owner, due date and priority: editable by its author or the facilitator, read by all. */
export function ActionFields({ note, editable }: { note: NoteView; editable: boolean }) {
  const { room, people, nameOf } = useRoomContext();
  const who = `action by ${note.authorName}`;
  if (!editable) {
    return (
      <p className="action-fields read" data-testid="action-fields">
        Owner: {note.ownerId ? nameOf(note.ownerId) : 'nobody yet'} · Due: {note.dueDate || 'no date'} ·{' '}
        {note.priority} priority
      </p>
    );
  }
  return (
    <div className="action-fields" data-testid="action-fields">
      <label>
        Owner
        <span className="visually-hidden"> of {who}</span>
        <select
          value={note.ownerId ?? ''}
          onChange={(event) => updateNote(room.doc, note.id, { ownerId: event.target.value || null })}
        >
          <option value="">Nobody yet</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Due
        <span className="visually-hidden"> date of {who}</span>
        <input
          type="date"
          value={note.dueDate}
          onChange={(event) => updateNote(room.doc, note.id, { dueDate: event.target.value })}
        />
      </label>
      <label>
        Priority
        <span className="visually-hidden"> of {who}</span>
        <select
          value={note.priority}
          onChange={(event) => updateNote(room.doc, note.id, { priority: event.target.value as Priority })}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

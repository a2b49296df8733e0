'use client';

import { type FormEvent, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import type { WallId } from '@/server/contract/vocabulary';
import { addNote, type NoteView, notesOf } from '@/server/model/notes';
import { currentTurn } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { useDocValue } from '../lib/use-doc';
import { NoteCard } from './note-card';
import { useRoomContext } from './room-context';

const countNotes = (doc: Parameters<typeof notesOf>[0]) => notesOf(doc).size;

/** Notes by group label, ungrouped first, groups in the order they first appear. */
function byGroup(notes: NoteView[]): [string, NoteView[]][] {
  const groups = new Map<string, NoteView[]>([['', []]]);
  for (const note of notes) groups.set(note.group, [...(groups.get(note.group) ?? []), note]);
  return [...groups].filter(([, list]) => list.length > 0);
}

/**
 * A wall of post-its that anyone in the room can add to. New notes link to the turn (and card)
 * being played. Notes show grouped by their label; actions are sorted by votes, most first.
 */
export function Wall(props: {
  wall: WallId;
  title: string;
  hint: string;
  /** What the wall says while it has no note: what goes on it and how. */
  empty: string;
  notes: NoteView[];
}) {
  const { room, state, meId, nameOf } = useRoomContext();
  const [draft, setDraft] = useState('');
  // Deleted notes count too: they can be restored until the workshop ends.
  const full = useDocValue(room.doc, countNotes) >= Limits.notesPerWorkshop;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || full) return;
    const turn = currentTurn(state);
    addNote(room.doc, {
      id: crypto.randomUUID(),
      wall: props.wall,
      text,
      author: { id: meId, name: room.record.you.name ?? nameOf(meId) },
      now: Date.now(),
      turnId: turn?.id ?? null,
      cardId: turn?.cardId ?? null,
    });
    setDraft('');
  };
  const votes = (id: string) => state.votes[id]?.length ?? 0;
  const isActions = props.wall === 'actions';
  const groups: [string, NoteView[]][] = isActions
    ? [['', [...props.notes].sort((a, b) => votes(b.id) - votes(a.id))]]
    : byGroup(props.notes);
  const used = Object.values(state.votes).filter((voters) => voters.includes(meId)).length;
  const headingId = `wall-${props.wall}`;
  return (
    <section
      className={`wall wall-${props.wall}`}
      aria-labelledby={headingId}
      data-testid={`wall-${props.wall}`}
    >
      <h2 id={headingId}>
        {props.title} <span className="count">{props.notes.length}</span>
      </h2>
      {isActions && state.phase === 'reflect' && (
        <p className="votes-left" data-testid="votes-left">
          {state.votesPerPerson - used} of {state.votesPerPerson} votes left
        </p>
      )}
      <form onSubmit={submit} className="note-form">
        <label htmlFor={`${headingId}-draft`} className="visually-hidden">
          New note for {props.title}
        </label>
        <input
          id={`${headingId}-draft`}
          value={draft}
          maxLength={Limits.noteChars}
          placeholder={props.hint}
          disabled={full}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" disabled={!draft.trim() || full}>
          Add
        </button>
      </form>
      {full && (
        <p className="muted small" role="status">
          The walls are full: a workshop holds at most {Limits.notesPerWorkshop} notes.
        </p>
      )}
      {draft.length >= Limits.noteChars && (
        <p className="muted small" role="status">
          A note holds at most {Limits.noteChars} characters.
        </p>
      )}
      {props.notes.length === 0 && <EmptyState>{props.empty}</EmptyState>}
      {groups.map(([group, notes]) => (
        <div key={group} className="note-group" data-testid={group ? 'note-group' : undefined}>
          {group && <h3 className="group-label">{group}</h3>}
          <ul className="notes">
            {notes.map((note) => (
              <NoteCard key={note.id} note={note} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

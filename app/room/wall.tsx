'use client';

import { type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import { Limits } from '@/server/protocol';
import { addNote, type NoteView, type WallId } from '@/server/workshop/notes';
import { NoteCard } from './note-card';

/** A wall of post-its that anyone in the room can add to. */
export function Wall(props: {
  doc: Y.Doc;
  wall: WallId;
  title: string;
  hint: string;
  notes: NoteView[];
  author: { id: string; name: string };
}) {
  const [draft, setDraft] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    addNote(props.doc, {
      id: crypto.randomUUID(),
      wall: props.wall,
      text,
      author: props.author,
      now: Date.now(),
    });
    setDraft('');
  };
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
      <form onSubmit={submit} className="note-form">
        <label htmlFor={`${headingId}-draft`} className="visually-hidden">
          New note for {props.title}
        </label>
        <input
          id={`${headingId}-draft`}
          value={draft}
          maxLength={Limits.noteChars}
          placeholder={props.hint}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" disabled={!draft.trim()}>
          Add
        </button>
      </form>
      <ul className="notes">
        {props.notes.map((note) => (
          <NoteCard key={note.id} doc={props.doc} note={note} />
        ))}
      </ul>
    </section>
  );
}

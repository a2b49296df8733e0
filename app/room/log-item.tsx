'use client';

import { useState } from 'react';
import { Limits } from '@/server/contract/limits';
import { deleteLogEntry, editLogEntry, type LogEntryView } from '@/server/model/scribe-log';
import { canWriteLog, type Reveal } from '@/server/model/state';
import { formatSince } from '../lib/format';
import { useRoomContext } from './room-context';

/** One line of a turn's timeline: a scribe step or an evidence reveal. */
export type TimelineItem = { kind: 'step'; entry: LogEntryView } | { kind: 'reveal'; reveal: Reveal };

/** A timeline line, stamped +m:ss; its writer may edit or delete a step while they can write the log. */
export function LogItem({ item }: { item: TimelineItem }) {
  const { room, state, meId } = useRoomContext();
  const [editing, setEditing] = useState<string | null>(null);
  if (item.kind === 'reveal') {
    const { reveal } = item;
    return (
      <li className="timeline-item reveal" data-testid="timeline-reveal">
        <span className="stamp">{formatSince(reveal.atMs)}</span>
        <span>
          Revealed {reveal.kind}: <strong>{reveal.label}</strong>
        </span>
      </li>
    );
  }
  const { entry } = item;
  const mine = entry.authorId === meId && canWriteLog(state, meId);
  return (
    <li className="timeline-item step" data-testid="timeline-step">
      <span className="stamp">{formatSince(entry.atMs)}</span>
      {editing === null ? (
        <span className="step-text">{entry.text}</span>
      ) : (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (editing.trim()) editLogEntry(room.logDoc, entry.id, editing.trim());
            setEditing(null);
          }}
        >
          <label className="visually-hidden" htmlFor={`edit-${entry.id}`}>
            Edit step
          </label>
          <input
            id={`edit-${entry.id}`}
            value={editing}
            maxLength={Limits.noteChars}
            onChange={(event) => setEditing(event.target.value)}
          />
          <button type="submit">Save</button>
        </form>
      )}
      <span className="muted small">{entry.authorName}</span>
      {mine && editing === null && (
        <span className="item-actions">
          <button
            type="button"
            className="link-button"
            aria-label={`Edit step “${entry.text}”`}
            onClick={() => setEditing(entry.text)}
          >
            Edit
          </button>
          <button
            type="button"
            className="link-button"
            aria-label={`Delete step “${entry.text}”`}
            onClick={() => deleteLogEntry(room.logDoc, entry.id, meId, Date.now())}
          >
            Delete
          </button>
        </span>
      )}
    </li>
  );
}

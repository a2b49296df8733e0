'use client';

import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { Limits } from '@/server/protocol';
import { deleteNote, type NoteView, noteText, setTextMinimal } from '@/server/workshop/notes';

/**
 * One post-it, editable in place. Typing edits the note's Y.Text by the smallest change, so two
 * people typing in one note merge; remote edits keep the local caret where it was in the text.
 */
export function NoteCard({ doc, note }: { doc: Y.Doc; note: NoteView }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(note.text);

  useEffect(() => {
    const text = noteText(doc, note.id);
    if (!text) return;
    const observer = (event: Y.YTextEvent) => {
      const area = ref.current;
      const next = text.toString();
      if (!area || event.transaction.local) {
        setValue(next);
        return;
      }
      // Shift the caret by what the remote edit inserted or removed before it.
      let start = area.selectionStart;
      let end = area.selectionEnd;
      let index = 0;
      for (const op of event.delta) {
        if (op.retain) index += op.retain;
        else if (typeof op.insert === 'string') {
          if (index <= start) start += op.insert.length;
          if (index < end) end += op.insert.length;
          index += op.insert.length;
        } else if (op.delete) {
          if (index < start) start -= Math.min(op.delete, start - index);
          if (index < end) end -= Math.min(op.delete, end - index);
        }
      }
      setValue(next);
      requestAnimationFrame(() => {
        if (document.activeElement === area) area.setSelectionRange(start, end);
      });
    };
    text.observe(observer);
    setValue(text.toString());
    return () => text.unobserve(observer);
  }, [doc, note.id]);

  return (
    <li className={`note note-${note.wall}`} data-testid="note">
      <label className="visually-hidden" htmlFor={`note-${note.id}`}>
        Note by {note.authorName}
      </label>
      <textarea
        id={`note-${note.id}`}
        ref={ref}
        value={value}
        maxLength={Limits.noteChars}
        rows={3}
        onChange={(event) => {
          const text = noteText(doc, note.id);
          if (text) setTextMinimal(text, event.target.value.slice(0, Limits.noteChars));
        }}
      />
      <footer>
        <span className="author">{note.authorName}</span>
        <button
          type="button"
          className="icon-button"
          aria-label={`Delete note by ${note.authorName}`}
          onClick={() => deleteNote(doc, note.id)}
        >
          ✕
        </button>
      </footer>
    </li>
  );
}

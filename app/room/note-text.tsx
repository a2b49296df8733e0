'use client';

import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { Limits } from '@/server/contract/limits';
import { noteText, setTextMinimal } from '@/server/model/notes';

/**
 * A post-it's text. Editable: typing edits the note's Y.Text by the smallest change, so two people
 * typing in one note merge, and remote edits keep the local caret where it was in the text.
 * Read-only for anyone but its author (and the facilitator, who tidies the walls).
 */
export function NoteText(props: {
  doc: Y.Doc;
  noteId: string;
  initial: string;
  label: string;
  editable: boolean;
}) {
  const { doc, noteId } = props;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(props.initial);

  useEffect(() => {
    const text = noteText(doc, noteId);
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
  }, [doc, noteId]);

  return (
    <>
      <label className="visually-hidden" htmlFor={`note-${noteId}`}>
        {props.label}
      </label>
      <textarea
        id={`note-${noteId}`}
        ref={ref}
        value={value}
        readOnly={!props.editable}
        className={props.editable ? '' : 'read-only'}
        maxLength={Limits.noteChars}
        rows={2}
        onChange={(event) => {
          const text = noteText(doc, noteId);
          if (text && props.editable) setTextMinimal(text, event.target.value.slice(0, Limits.noteChars));
        }}
      />
    </>
  );
}

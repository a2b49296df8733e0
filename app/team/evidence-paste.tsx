'use client';

import { type ClipboardEvent, type DragEvent, useId, useState } from 'react';
import { findSecrets, redactTexts } from '@/server/model/redaction';
import { SECRET_KIND_NAMES } from '@/server/model/secret-kinds';
import { HighlightedText } from './highlighted-text';
import { type SplitMode, type SplitPiece, splitEvidence, splitModes } from './split-evidence';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** What a paste or a drop carried: image files and text. */
export function readTransfer(data: DataTransfer): { images: File[]; text: string } {
  return {
    images: [...data.files].filter((file) => IMAGE_TYPES.has(file.type)),
    text: data.getData('text/plain'),
  };
}

/** A text item ready to add: redacted body and the values the author kept. */
export type NewTextItem = SplitPiece & { kept?: string[] };

const MODE_NAMES: Record<SplitMode, string> = {
  messages: 'One item per message',
  paragraphs: 'One item per paragraph',
  whole: 'As one item',
};

/**
 * Where a tech lead pastes (Ctrl/Cmd+V) or drops screenshots and text. Images become image items
 * at once; text is previewed split into items, redacted, before anything is added.
 */
export function EvidencePaste(props: {
  /** The card's texts so far (labels and bodies, in order), so placeholders continue its numbering. */
  cardTexts: string[];
  /** Values the card already keeps. */
  cardKept: string[];
  room: number;
  onImages: (files: File[]) => void;
  onTexts: (items: NewTextItem[]) => void;
}) {
  const zoneId = useId();
  const [text, setText] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const take = (data: DataTransfer) => {
    const { images, text: pasted } = readTransfer(data);
    const skipped = data.files.length - images.length;
    setNotice(
      skipped > 0 ? `${skipped} file(s) skipped: only PNG, JPEG and WebP images can be evidence.` : null,
    );
    if (images.length > 0) props.onImages(images);
    else if (pasted.trim()) setText(pasted);
  };

  return (
    <div className="evidence-paste">
      <label htmlFor={zoneId}>Paste or drop evidence: screenshots, a chat thread, log lines, an alert</label>
      <textarea
        id={zoneId}
        className="paste-zone"
        rows={2}
        value=""
        placeholder="Click here and press Ctrl+V (⌘V), or drop files here"
        onChange={() => {}}
        onPaste={(event: ClipboardEvent<HTMLTextAreaElement>) => {
          event.preventDefault();
          take(event.clipboardData);
        }}
        onDragOver={(event: DragEvent) => event.preventDefault()}
        onDrop={(event: DragEvent<HTMLTextAreaElement>) => {
          event.preventDefault();
          take(event.dataTransfer);
        }}
      />
      {notice && <p className="muted small">{notice}</p>}
      {text !== null && (
        <SplitPreview
          text={text}
          {...props}
          onDone={(items) => {
            setText(null);
            if (items) props.onTexts(items);
          }}
        />
      )}
    </div>
  );
}

/** The pasted text cut into items, with its likely secrets replaced unless ticked "keep". */
function SplitPreview(props: {
  text: string;
  cardTexts: string[];
  cardKept: string[];
  room: number;
  onDone: (items: NewTextItem[] | null) => void;
}) {
  const modes = splitModes(props.text);
  const [mode, setMode] = useState<SplitMode>(modes[0]!);
  const [keep, setKeep] = useState<Set<string>>(new Set());
  const pieces = splitEvidence(props.text, mode);
  const found = [
    ...new Map(
      pieces.flatMap((p) => [...findSecrets(p.label), ...findSecrets(p.body)]).map((f) => [f.value, f]),
    ).values(),
  ];
  const kept = new Set([...props.cardKept, ...keep]);
  const { texts, replaced } = redactTexts(
    [...props.cardTexts, ...pieces.flatMap((p) => [p.label, p.body])],
    (value) => kept.has(value),
  );
  const placeholder = new Map(replaced.map((r) => [r.value, r.placeholder]));
  const items: NewTextItem[] = pieces.map((piece, i) => {
    const at = props.cardTexts.length + 2 * i;
    const [label, body] = [texts[at]!, texts[at + 1]!];
    const keptHere = [...keep].filter((value) => label.includes(value) || body.includes(value));
    return { ...piece, label, body, ...(keptHere.length > 0 ? { kept: keptHere } : {}) };
  });
  const fits = items.length <= props.room;
  const toggle = (value: string) =>
    setKeep((old) => {
      const next = new Set(old);
      if (!next.delete(value)) next.add(value);
      return next;
    });

  return (
    <section className="split-preview" aria-label="Pasted text preview" data-testid="split-preview">
      <fieldset className="split-modes">
        <legend>Cut the pasted text</legend>
        {modes.map((m) => (
          <label key={m} className="check">
            <input type="radio" name="split-mode" checked={mode === m} onChange={() => setMode(m)} />
            {MODE_NAMES[m]}
            {m !== 'whole' && ` (${splitEvidence(props.text, m).length})`}
          </label>
        ))}
      </fieldset>
      {found.length > 0 && (
        <fieldset className="split-findings">
          <legend>
            {found.length} likely{' '}
            {found.length === 1 ? 'secret or personal datum' : 'secrets or personal data'}: replaced unless
            kept
          </legend>
          <ul>
            {found.map((f) => (
              <li key={f.value}>
                <label className="check">
                  <input type="checkbox" checked={keep.has(f.value)} onChange={() => toggle(f.value)} />
                  Keep {SECRET_KIND_NAMES[f.kind]} <code>{f.value}</code>
                </label>
                {!kept.has(f.value) && <span className="muted small"> → {placeholder.get(f.value)}</span>}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <ol className="split-pieces">
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional and rebuilt on each change
          <li key={i} data-testid="split-piece">
            <p className="small">
              <strong>{item.kind}</strong> — {item.label}
            </p>
            <HighlightedText text={item.body} kept={item.kept} label={`Piece ${i + 1}`} />
          </li>
        ))}
      </ol>
      {!fits && (
        <p className="error" role="alert">
          A card holds at most 20 evidence items and this one has room for {props.room}: cut the text
          differently.
        </p>
      )}
      <div className="button-row">
        <button type="button" disabled={!fits} onClick={() => props.onDone(items)}>
          Add {items.length} evidence {items.length === 1 ? 'item' : 'items'}
        </button>
        <button type="button" className="secondary" onClick={() => props.onDone(null)}>
          Cancel paste
        </button>
      </div>
    </section>
  );
}

'use client';

import { type DragEvent, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import './evidence.css';
import { keepValue, redactEvidence, textsOf, unkeepValue } from '@/server/model/evidence-redaction';
import { EvidencePaste, type NewTextItem, readTransfer } from './evidence-paste';
import { FindingsPanel } from './findings-panel';
import { ImageRedactor } from './image-redactor';
import { type PendingImage, pendingFrom } from './pending-image';

/** The kinds of evidence a card can hold, with their names on screen. */
const KINDS = {
  alert: 'Alert',
  chat: 'Chat message',
  log: 'Log excerpt',
  dashboard: 'Dashboard',
  text: 'Text',
  image: 'Image',
} as const;
type Kind = keyof typeof KINDS;

/** An evidence item being edited; `key` only keeps React's list stable. */
export interface EvidenceDraft {
  key: string;
  kind: Kind;
  label: string;
  /** The text, or an uploaded image's id ('' while the image is only in this browser). */
  body: string;
  kept?: string[];
  /** An image picked, pasted or dropped here, not uploaded until the card is saved. */
  pending?: PendingImage;
}

/** Evidence as stored, turned into drafts. */
export const toDrafts = (
  items: { kind: Kind; label: string; body: string; kept?: string[] }[],
): EvidenceDraft[] => items.map((item) => ({ ...item, key: crypto.randomUUID() }));

const imageDraft = (file: File, n: number): EvidenceDraft => ({
  key: crypto.randomUUID(),
  kind: 'image',
  label:
    file.name && !/^image\.\w+$/.test(file.name) ? file.name.slice(0, Limits.titleChars) : `Screenshot ${n}`,
  body: '',
  pending: pendingFrom(file),
});

/** Moves item `from` to position `to`. */
const move = <T,>(items: T[], from: number, to: number): T[] => {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

/**
 * The evidence on the back of a card: paste or drop screenshots and text, cut and redact what is
 * pasted, reorder by buttons or by dragging, redact screenshots by drawing boxes.
 */
export function EvidenceEditor(props: {
  items: EvidenceDraft[];
  onChange: (items: EvidenceDraft[]) => void;
}) {
  const { items, onChange } = props;
  const [dragging, setDragging] = useState<number | null>(null);
  const [moved, setMoved] = useState('');
  const update = (key: string, patch: Partial<EvidenceDraft>) =>
    onChange(items.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  const room = Limits.evidenceItems - items.length;
  const addImages = (files: File[]) =>
    onChange([...items, ...files.slice(0, room).map((file, i) => imageDraft(file, items.length + i + 1))]);
  const addTexts = (texts: NewTextItem[]) =>
    onChange([...items, ...texts.map((item) => ({ ...item, key: crypto.randomUUID() }))]);
  const remove = (item: EvidenceDraft) => {
    if (item.pending) URL.revokeObjectURL(item.pending.url);
    onChange(items.filter((other) => other.key !== item.key));
  };
  const reorder = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    onChange(move(items, from, to));
    setMoved(`Evidence ${from + 1} is now evidence ${to + 1} of ${items.length}.`);
  };
  const dropOnItem = (index: number) => (event: DragEvent) => {
    event.preventDefault();
    if (dragging !== null) reorder(dragging, index);
    else if (event.dataTransfer.files.length > 0) addImages(readTransfer(event.dataTransfer).images);
    setDragging(null);
  };

  return (
    <fieldset className="evidence-editor">
      <legend>Evidence</legend>
      <EvidencePaste
        cardTexts={items.flatMap(textsOf)}
        cardKept={items.flatMap((item) => item.kept ?? [])}
        room={room}
        onImages={addImages}
        onTexts={addTexts}
      />
      {items.length === 0 && (
        <p className="muted small">No evidence yet: paste some above, or add an item.</p>
      )}
      <p className="visually-hidden" role="status">
        {moved}
      </p>
      <ol>
        {items.map((item, index) => {
          const name = `evidence ${index + 1}`;
          return (
            <li
              key={item.key}
              className={`evidence-draft${dragging === index ? ' dragging' : ''}`}
              data-testid="evidence-draft"
              onDragOver={(event) => event.preventDefault()}
              onDrop={dropOnItem(index)}
            >
              <div className="row evidence-draft-head">
                <span
                  className="drag-handle"
                  draggable
                  title="Drag to reorder"
                  aria-hidden="true"
                  onDragStart={(event) => {
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/x-evidence', String(index));
                    setDragging(index);
                  }}
                  onDragEnd={() => setDragging(null)}
                >
                  ⠿
                </span>
                <label>
                  Kind of {name}
                  <select
                    value={item.kind}
                    disabled={item.kind === 'image' && (item.pending !== undefined || item.body !== '')}
                    onChange={(e) =>
                      update(item.key, { kind: e.target.value as Kind, body: '', kept: undefined })
                    }
                  >
                    {Object.entries(KINDS).map(([value, kindName]) => (
                      <option key={value} value={value}>
                        {kindName}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Label of {name}
                  <input
                    required
                    maxLength={Limits.titleChars}
                    value={item.label}
                    onChange={(e) => update(item.key, { label: e.target.value })}
                  />
                </label>
              </div>
              {item.kind === 'image' ? (
                <ImageField item={item} name={name} onChange={(patch) => update(item.key, patch)} />
              ) : (
                <label>
                  Text of {name}
                  <textarea
                    rows={3}
                    maxLength={Limits.evidenceBodyChars}
                    value={item.body}
                    onChange={(e) => update(item.key, { body: e.target.value })}
                  />
                </label>
              )}
              <FindingsPanel
                item={item}
                name={name}
                onRedact={(value) => onChange(redactEvidence(items, value).items)}
                onKeep={(value) => onChange(keepValue(items, value))}
                onUnkeep={(value) => onChange(unkeepValue(items, value))}
              />
              <div className="button-row">
                <button
                  type="button"
                  className="link-button"
                  disabled={index === 0}
                  onClick={() => reorder(index, index - 1)}
                >
                  Move {name} up
                </button>
                <button
                  type="button"
                  className="link-button"
                  disabled={index === items.length - 1}
                  onClick={() => reorder(index, index + 1)}
                >
                  Move {name} down
                </button>
                <button type="button" className="link-button" onClick={() => remove(item)}>
                  Remove {name}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {room > 0 && (
        <button
          type="button"
          className="secondary"
          onClick={() =>
            onChange([...items, { key: crypto.randomUUID(), kind: 'text', label: '', body: '' }])
          }
        >
          Add evidence
        </button>
      )}
    </fieldset>
  );
}

/** An image item: pick a file (kept here until saved, with its redaction boxes) or show the stored one. */
function ImageField(props: {
  item: EvidenceDraft;
  name: string;
  onChange: (patch: Partial<EvidenceDraft>) => void;
}) {
  const { item, name, onChange } = props;
  if (item.pending) {
    const pending = item.pending;
    return (
      <ImageRedactor
        pending={pending}
        name={name}
        onChange={(boxes) => onChange({ pending: { ...pending, boxes } })}
      />
    );
  }
  return (
    <div className="field">
      <label>
        Image for {name} (PNG, JPEG or WebP; redact it before it is uploaded)
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onChange({ pending: pendingFrom(file), body: '' });
          }}
        />
      </label>
      {item.body && (
        // biome-ignore lint/performance/noImgElement: uploaded evidence is served by our API, not next/image.
        <img className="thumbnail" src={`/api/images/${item.body}`} alt={`Stored ${name}`} />
      )}
    </div>
  );
}

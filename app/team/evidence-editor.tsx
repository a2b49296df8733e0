'use client';

import { Limits } from '@/server/protocol';
import { ImageUpload } from './image-upload';

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
  body: string;
}

/** Evidence as stored, turned into drafts. */
export const toDrafts = (items: { kind: Kind; label: string; body: string }[]): EvidenceDraft[] =>
  items.map((item) => ({ ...item, key: crypto.randomUUID() }));

/** Adds, edits and removes the evidence on the back of a card; an image item uploads a file. */
export function EvidenceEditor(props: {
  teamId: string;
  token: string;
  items: EvidenceDraft[];
  onChange: (items: EvidenceDraft[]) => void;
}) {
  const { items, onChange } = props;
  const update = (key: string, patch: Partial<EvidenceDraft>) =>
    onChange(items.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  return (
    <fieldset className="evidence-editor">
      <legend>Evidence</legend>
      {items.length === 0 && <p className="muted small">No evidence yet.</p>}
      <ol>
        {items.map((item, index) => (
          <li key={item.key} className="evidence-draft" data-testid="evidence-draft">
            <div className="row">
              <label>
                Kind of evidence {index + 1}
                <select
                  value={item.kind}
                  onChange={(e) => update(item.key, { kind: e.target.value as Kind, body: '' })}
                >
                  {Object.entries(KINDS).map(([value, name]) => (
                    <option key={value} value={value}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Label of evidence {index + 1}
                <input
                  required
                  maxLength={Limits.titleChars}
                  value={item.label}
                  onChange={(e) => update(item.key, { label: e.target.value })}
                />
              </label>
            </div>
            {item.kind === 'image' ? (
              <ImageUpload
                teamId={props.teamId}
                token={props.token}
                imageId={item.body}
                label={`Image for evidence ${index + 1}`}
                onUploaded={(id) => update(item.key, { body: id })}
              />
            ) : (
              <label>
                Text of evidence {index + 1}
                <textarea
                  rows={3}
                  maxLength={Limits.evidenceBodyChars}
                  value={item.body}
                  onChange={(e) => update(item.key, { body: e.target.value })}
                />
              </label>
            )}
            <button
              type="button"
              className="link-button"
              onClick={() => onChange(items.filter((other) => other.key !== item.key))}
            >
              Remove evidence {index + 1}
            </button>
          </li>
        ))}
      </ol>
      {items.length < Limits.evidenceItems && (
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

'use client';

import { type FormEvent, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import { EVIDENCE_KINDS as KINDS, type EvidenceKind as Kind } from '@/server/contract/vocabulary';
import { useRoomContext } from './room-context';

type Item = { key: string; kind: Kind; label: string; body: string };

/** The facilitator writes a scenario card on the spot and puts it in the hat. */
export function AddCardForm({ onDone }: { onDone: () => void }) {
  const { send } = useRoomContext();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const change = (i: number, patch: Partial<Item>) =>
    setItems(items.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const evidence = items
      .filter((item) => item.label.trim())
      .map(({ kind, label, body }) => ({ kind, label, body }));
    if (await send('hat:add-card', { title, summary, evidence })) onDone();
  };
  return (
    <form
      id="add-card"
      className="add-card form"
      onSubmit={(event) => void submit(event)}
      aria-label="New scenario card"
    >
      <label>
        Card title
        <input
          value={title}
          maxLength={Limits.titleChars}
          required
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label>
        Summary
        <textarea
          value={summary}
          maxLength={Limits.summaryChars}
          rows={2}
          onChange={(e) => setSummary(e.target.value)}
        />
      </label>
      {items.map((item, i) => (
        <fieldset key={item.key} className="evidence-input">
          <legend>Evidence {i + 1}</legend>
          <label>
            Kind
            <select value={item.kind} onChange={(e) => change(i, { kind: e.target.value as Kind })}>
              {KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            Label
            <input
              value={item.label}
              maxLength={Limits.titleChars}
              onChange={(e) => change(i, { label: e.target.value })}
            />
          </label>
          <label>
            Body
            <textarea value={item.body} rows={2} onChange={(e) => change(i, { body: e.target.value })} />
          </label>
        </fieldset>
      ))}
      <div className="button-row">
        <button
          type="button"
          className="secondary"
          disabled={items.length >= Limits.evidenceItems}
          onClick={() =>
            setItems([...items, { key: crypto.randomUUID(), kind: 'alert', label: '', body: '' }])
          }
        >
          Add evidence
        </button>
        <button type="submit" disabled={!title.trim()}>
          Put the card in the hat
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

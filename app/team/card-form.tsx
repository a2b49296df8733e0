'use client';

import { type FormEvent, useId, useState } from 'react';
import { Limits } from '@/server/protocol';
import { type LibraryCardView, SEVERITIES } from '@/server/protocol-team';
import { callApi } from '../lib/api';
import { type EvidenceDraft, EvidenceEditor, toDrafts } from './evidence-editor';

/** Writes a new library card or edits one: title, summary, tags, severity, date and evidence. */
export function CardForm(props: {
  teamId: string;
  token: string;
  card: LibraryCardView | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { teamId, token, card } = props;
  const headingId = useId();
  const [madeUp, setMadeUp] = useState(card ? card.happenedOn === null : false);
  const [evidence, setEvidence] = useState<EvidenceDraft[]>(toDrafts(card?.evidence ?? []));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const tags = String(form.get('tags') ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const body = {
      title: String(form.get('title') ?? ''),
      summary: String(form.get('summary') ?? ''),
      tags,
      severity: String(form.get('severity')),
      happenedOn: madeUp ? null : String(form.get('happenedOn') ?? '') || null,
      evidence: evidence.map(({ kind, label, body }) => ({ kind, label, body })),
    };
    setBusy(true);
    const path = `/api/teams/${teamId}/cards${card ? `/${card.id}` : ''}`;
    const result = await callApi(path, { method: card ? 'PUT' : 'POST', body, token });
    setBusy(false);
    if (!result.ok) {
      const issues = result.error.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
      return setError(issues ? `${result.error.message} (${issues})` : result.error.message);
    }
    props.onSaved();
  };

  return (
    <form className="card-form form" onSubmit={submit} aria-labelledby={headingId}>
      <h3 id={headingId}>{card ? `Edit “${card.title}”` : 'New card'}</h3>
      <label>
        Title
        <input name="title" required maxLength={Limits.titleChars} defaultValue={card?.title} />
      </label>
      <label>
        Summary
        <textarea name="summary" rows={3} maxLength={Limits.summaryChars} defaultValue={card?.summary} />
      </label>
      <div className="row">
        <label>
          Tags (comma-separated)
          <input name="tags" defaultValue={card?.tags.join(', ')} placeholder="payments, queue" />
        </label>
        <label>
          Severity
          <select name="severity" defaultValue={card?.severity ?? 'medium'}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          Happened on
          <input name="happenedOn" type="date" disabled={madeUp} defaultValue={card?.happenedOn ?? ''} />
        </label>
        <label className="check">
          <input type="checkbox" checked={madeUp} onChange={(e) => setMadeUp(e.target.checked)} />
          Made up (did not happen)
        </label>
      </div>
      <EvidenceEditor teamId={teamId} token={token} items={evidence} onChange={setEvidence} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {card ? 'Save card' : 'Add card'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

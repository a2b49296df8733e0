'use client';

import { type FormEvent, useId, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import type { LibraryCardView } from '@/server/contract/team';
import { DEFAULT_SEVERITY, SEVERITIES } from '@/server/contract/vocabulary';
import { redactEvidence } from '@/server/model/evidence-redaction';
import { callApi } from '../lib/api';
import { type EvidenceDraft, EvidenceEditor, toDrafts } from './evidence-editor';
import { uploadPending } from './pending-image';

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
    setBusy(true);
    setError(null);
    let ready: EvidenceDraft[];
    try {
      // Images leave the browser only now, with their boxes burnt in; each is uploaded once.
      ready = await Promise.all(
        evidence.map(async (item) =>
          item.pending
            ? { ...item, body: await uploadPending(teamId, token, item.pending), pending: undefined }
            : item,
        ),
      );
    } catch (failure) {
      setBusy(false);
      return setError(`An image could not be uploaded: ${(failure as Error).message}`);
    }
    for (const item of evidence) if (item.pending) URL.revokeObjectURL(item.pending.url);
    // Whatever the author neither redacted nor kept is replaced by its placeholder before sending.
    const redacted = redactEvidence(ready).items;
    setEvidence(redacted);
    const body = {
      title: String(form.get('title') ?? ''),
      summary: String(form.get('summary') ?? ''),
      tags,
      severity: String(form.get('severity')),
      happenedOn: madeUp ? null : String(form.get('happenedOn') ?? '') || null,
      evidence: redacted.map(({ kind, label, body, kept }) => ({
        kind,
        label,
        body,
        ...(kept ? { kept } : {}),
      })),
    };
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
          <select name="severity" defaultValue={card?.severity ?? DEFAULT_SEVERITY}>
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
      <EvidenceEditor items={evidence} onChange={setEvidence} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : card ? 'Save card' : 'Add card'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

'use client';

import { type FormEvent, useState } from 'react';
import type { CreatedWorkshop } from '@/server/contract/http-workshop';
import { Limits } from '@/server/contract/limits';
import type { LibraryCardView } from '@/server/contract/team';
import { callApi } from '../lib/api';
import { rememberToken } from '../lib/tokens';
import { CardPicker } from './card-picker';
import { CreatedWorkshopLinks } from './created-workshop-links';
import type { SectionProps } from './section-props';
import { useApiData } from './use-api-data';

interface Suggestion {
  wanted: number;
  cardIds: string[];
  warning: string | null;
}

/** The admin builds the next workshop from library cards: about two per expected participant. */
export function WorkshopBuilder({
  teamId,
  token,
  version,
  onChange,
  expectedParticipants,
}: SectionProps & { expectedParticipants: number | null }) {
  const cards = useApiData<LibraryCardView[]>(`/api/teams/${teamId}/cards`, token, version);
  // Starts from the number the admin set for the next workshop.
  const [participants, setParticipants] = useState(expectedParticipants ?? 4);
  const [picked, setPicked] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWorkshop | null>(null);
  const wanted = participants * 2;

  const suggest = async () => {
    const result = await callApi<Suggestion>(
      `/api/teams/${teamId}/suggestions?participants=${participants}`,
      {
        token,
      },
    );
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setPicked(result.value.cardIds);
    setNote(result.value.warning);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await callApi<CreatedWorkshop>(`/api/teams/${teamId}/workshops`, {
      method: 'POST',
      token,
      body: {
        title: String(form.get('title') ?? ''),
        cardIds: picked,
        durationMinutes: Number(form.get('durationMinutes')),
        reflectionMinutes: Number(form.get('reflectionMinutes')),
        facilitatorName: String(form.get('facilitatorName') ?? '') || undefined,
      },
    });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    rememberToken(result.value.id, result.value.facilitatorToken);
    setCreated(result.value);
    onChange();
  };

  return (
    <section className="card team-section builder" aria-labelledby="builder-title">
      <h2 id="builder-title">New workshop</h2>
      <form className="form" onSubmit={submit}>
        <div className="row">
          <label>
            Workshop title
            <input name="title" required maxLength={Limits.titleChars} placeholder="December fire drill" />
          </label>
          <label>
            Facilitator name
            <input name="facilitatorName" maxLength={Limits.nameChars} placeholder="Facilitator" />
          </label>
        </div>
        <div className="inline-form">
          <label className="field">
            Expected participants
            <input
              type="number"
              min={1}
              max={50}
              value={participants}
              onChange={(e) => setParticipants(Math.max(1, Number(e.target.value) || 1))}
            />
          </label>
          <button type="button" className="secondary" onClick={suggest}>
            Suggest cards
          </button>
        </div>
        {note && <p className="muted small">{note}</p>}
        <CardPicker cards={cards.data ?? []} picked={picked} onChange={setPicked} />
        {picked.length < wanted && (
          <p className="warning" role="status" data-testid="deck-warning">
            {picked.length} {picked.length === 1 ? 'card' : 'cards'} picked for {participants}{' '}
            {participants === 1 ? 'person' : 'people'}: prepare about two per person ({wanted}).
          </p>
        )}
        <div className="row">
          <label>
            Length (minutes)
            <input
              name="durationMinutes"
              type="number"
              min={5}
              max={Limits.maxDurationMinutes}
              defaultValue={60}
            />
          </label>
          <label>
            Reflection reserve (minutes)
            <input
              name="reflectionMinutes"
              type="number"
              min={0}
              max={Limits.maxDurationMinutes}
              defaultValue={15}
            />
          </label>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Create workshop</button>
      </form>
      {created && <CreatedWorkshopLinks workshop={created} />}
    </section>
  );
}

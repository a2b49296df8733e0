'use client';

import { type FormEvent, useState } from 'react';
import { MAX_EXPECTED_PARTICIPANTS, type TeamView } from '@/server/contract/team';
import { callApi } from '../lib/api';

/** An ISO timestamp as the value of a datetime-local input, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * The admin sets the next workshop's date and time, whether workshops recur monthly, and how many
 * people are expected (left empty: as many as came last time).
 */
export function NextWorkshopForm(props: {
  team: TeamView;
  token: string;
  onSaved: (team: TeamView) => void;
}) {
  const { team, token, onSaved } = props;
  const [when, setWhen] = useState(toLocalInput(team.nextWorkshopAt));
  const [recurrence, setRecurrence] = useState(team.recurrence);
  const [expected, setExpected] = useState(team.expectedParticipants?.toString() ?? '');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nextWorkshopAt = when ? new Date(when).toISOString() : null;
    const expectedParticipants = expected === '' ? null : Number(expected);
    const result = await callApi(`/api/teams/${team.id}`, {
      method: 'PATCH',
      body: { nextWorkshopAt, recurrence, expectedParticipants },
      token,
    });
    if (!result.ok) return setMessage({ error: true, text: result.error.message });
    setMessage({ error: false, text: 'Saved.' });
    onSaved({ ...team, nextWorkshopAt, recurrence, expectedParticipants });
  };

  return (
    <form className="inline-form next-workshop" onSubmit={submit} aria-label="Next workshop">
      <label className="field">
        Next workshop
        <input type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} />
      </label>
      <label className="field">
        Repeats
        <select
          value={recurrence}
          onChange={(event) => setRecurrence(event.target.value as TeamView['recurrence'])}
        >
          <option value="monthly">Monthly</option>
          <option value="none">Does not repeat</option>
        </select>
      </label>
      <label className="field">
        People expected
        <input
          type="number"
          min={1}
          max={MAX_EXPECTED_PARTICIPANTS}
          step={1}
          value={expected}
          placeholder="as last time"
          onChange={(event) => setExpected(event.target.value)}
        />
      </label>
      <button type="submit" className="secondary">
        Save
      </button>
      {message && (
        <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'}>
          {message.text}
        </span>
      )}
    </form>
  );
}

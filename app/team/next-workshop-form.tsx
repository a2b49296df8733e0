'use client';

import { type FormEvent, useState } from 'react';
import type { TeamView } from '@/server/protocol-team';
import { callApi } from '../lib/api';

/** An ISO timestamp as the value of a datetime-local input, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The admin sets the next workshop's date and time and whether workshops recur monthly. */
export function NextWorkshopForm(props: {
  team: TeamView;
  token: string;
  onSaved: (team: TeamView) => void;
}) {
  const { team, token, onSaved } = props;
  const [when, setWhen] = useState(toLocalInput(team.nextWorkshopAt));
  const [recurrence, setRecurrence] = useState(team.recurrence);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nextWorkshopAt = when ? new Date(when).toISOString() : null;
    const result = await callApi(`/api/teams/${team.id}`, {
      method: 'PATCH',
      body: { nextWorkshopAt, recurrence },
      token,
    });
    if (!result.ok) return setMessage({ error: true, text: result.error.message });
    setMessage({ error: false, text: 'Saved.' });
    onSaved({ ...team, nextWorkshopAt, recurrence });
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
      <button type="submit" className="secondary">
        Save date
      </button>
      {message && (
        <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'}>
          {message.text}
        </span>
      )}
    </form>
  );
}

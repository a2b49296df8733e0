'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import type { CreatedTeam } from '@/server/contract/team';
import { callApi } from './lib/api';
import { rememberTeamToken } from './team/team-tokens';

/** Creates a team (its scenario library, history and survey) and opens its page with the admin link. */
export function CreateTeamForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await callApi<CreatedTeam>('/api/teams', {
      method: 'POST',
      body: { name: String(form.get('name') ?? '') },
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    rememberTeamToken(result.value.id, result.value.adminToken);
    router.push(`/t/${result.value.id}#token=${result.value.adminToken}`);
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-team-title">
      <h2 id="create-team-title">Create a team</h2>
      <p className="muted small">
        A team keeps a scenario library, the record of every workshop, its actions and a monthly confidence
        survey.
      </p>
      <label>
        Team name
        <input name="name" required maxLength={Limits.titleChars} placeholder="Payments" />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create team'}
      </button>
    </form>
  );
}

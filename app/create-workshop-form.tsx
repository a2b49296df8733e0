'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { CreatedWorkshop } from '@/server/contract/http-workshop';
import { Limits } from '@/server/contract/limits';
import { callApi } from './lib/api';
import { rememberToken } from './lib/tokens';

/** Creates a workshop and takes the facilitator into its room. */
export function CreateWorkshopForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await callApi<CreatedWorkshop>('/api/workshops', {
      method: 'POST',
      body: {
        title: String(form.get('title') ?? ''),
        facilitatorName: String(form.get('facilitatorName') ?? '') || undefined,
        durationMinutes: Number(form.get('durationMinutes')),
        reflectionMinutes: Number(form.get('reflectionMinutes')),
      },
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    rememberToken(result.value.id, result.value.facilitatorToken);
    router.push(`/w/${result.value.id}#token=${result.value.facilitatorToken}`);
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Start a workshop</h2>
      <label>
        Title
        <input name="title" required maxLength={Limits.titleChars} placeholder="November fire drill" />
      </label>
      <label>
        Your name
        <input name="facilitatorName" maxLength={Limits.nameChars} placeholder="Facilitator" />
      </label>
      <div className="row">
        <label>
          Length (minutes)
          <input
            name="durationMinutes"
            type="number"
            min={5}
            max={Limits.maxDurationMinutes}
            defaultValue={60}
            required
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
            required
          />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create workshop'}
      </button>
    </form>
  );
}

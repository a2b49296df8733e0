'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import type { JoinedWorkshop, WorkshopRecord } from '@/server/contract/http-workshop';
import { Limits } from '@/server/contract/limits';
import { callApi } from '../../lib/api';
import { recallToken, rememberToken, tokenFromHash } from '../../lib/tokens';

type View =
  | { kind: 'checking' }
  | { kind: 'refused'; message: string; heading?: string }
  | { kind: 'ready'; title: string; joinToken: string };

/**
 * Asks for a name and joins. A browser that already joined this workshop goes straight back to the
 * room as the same person instead of joining twice.
 */
export function JoinForm({ workshopId }: { workshopId: string }) {
  const router = useRouter();
  const [view, setView] = useState<View>({ kind: 'checking' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const room = `/w/${encodeURIComponent(workshopId)}`;

  useEffect(() => {
    const joinToken = tokenFromHash();
    void (async () => {
      const mine = recallToken(workshopId);
      if (mine) {
        const me = await callApi<WorkshopRecord>(`/api/workshops/${encodeURIComponent(workshopId)}`, {
          token: mine,
        });
        if (me.ok && me.value.you.participantId) {
          router.replace(room);
          return;
        }
      }
      if (!joinToken) {
        setView({
          kind: 'refused',
          message: 'This join link is incomplete. Ask your facilitator to send it again.',
        });
        return;
      }
      const result = await callApi<WorkshopRecord>(`/api/workshops/${encodeURIComponent(workshopId)}`, {
        token: joinToken,
      });
      setView(
        result.ok
          ? { kind: 'ready', title: result.value.title, joinToken }
          : { kind: 'refused', message: result.error.message },
      );
    })();
  }, [workshopId, router, room]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (view.kind !== 'ready') return;
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    setBusy(true);
    const result = await callApi<JoinedWorkshop>(
      `/api/workshops/${encodeURIComponent(workshopId)}/participants`,
      {
        method: 'POST',
        body: { name, joinToken: view.joinToken },
      },
    );
    setBusy(false);
    if (!result.ok && result.error.code === 'WORKSHOP_FULL') {
      // Nothing to retry: the form gives way to the reason and what to do instead.
      setView({ kind: 'refused', heading: 'No room left in this workshop', message: result.error.message });
      return;
    }
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    rememberToken(workshopId, result.value.participantToken);
    router.push(room);
  };

  if (view.kind === 'checking') return <p role="status">Checking your link…</p>;
  if (view.kind === 'refused') {
    return (
      <section className="card refused" data-testid="refused">
        <h2>{view.heading ?? 'This link does not open a room'}</h2>
        <p>{view.message}</p>
      </section>
    );
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="join-title">
      <h2 id="join-title">Join “{view.title}”</h2>
      <label>
        Your name
        <input name="name" required maxLength={Limits.nameChars} autoComplete="nickname" />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Joining…' : 'Enter the room'}
      </button>
    </form>
  );
}

'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import type { TeamView } from '@/server/contract/team';
import { callApi } from '../lib/api';

/**
 * The team's name as the page's heading. The admin renames it in place (PATCH /api/teams/<id>): the
 * field takes the focus, Save or Enter keeps the new name, Cancel or Escape the old one, and the
 * focus returns to "Rename team". A refused name (blank, too long) is said and changes nothing.
 */
export function TeamName(props: { team: TeamView; token: string; onRenamed: (team: TeamView) => void }) {
  const { team, token, onRenamed } = props;
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) field.current?.focus();
    else if (wasEditing.current) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const close = () => {
    setError(null);
    setEditing(false);
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    setBusy(true);
    const result = await callApi<TeamView>(`/api/teams/${team.id}`, {
      method: 'PATCH',
      body: { name },
      token,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onRenamed({ ...team, name: result.value.name });
    setSaved(true);
    close();
  };

  return (
    <>
      <h1>{team.name}</h1>
      {team.role === 'admin' && !editing && (
        <button
          ref={renameButton}
          type="button"
          className="secondary"
          onClick={() => {
            setSaved(false);
            setEditing(true);
          }}
        >
          Rename team
        </button>
      )}
      {saved && (
        <span className="muted small" role="status">
          Renamed.
        </span>
      )}
      {editing && (
        <form
          className="inline-form rename-team"
          aria-label="Rename the team"
          onSubmit={(event) => void submit(event)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <label className="field">
            Team name
            <input ref={field} name="name" defaultValue={team.name} required maxLength={Limits.titleChars} />
          </label>
          <button type="submit" disabled={busy}>
            Save name
          </button>
          <button type="button" className="secondary" onClick={close}>
            Cancel
          </button>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </>
  );
}

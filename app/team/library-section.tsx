'use client';

import { useState } from 'react';
import type { LibraryCardView } from '@/server/protocol-team';
import { callApi } from '../lib/api';
import { CardForm } from './card-form';
import { LibraryCardItem } from './library-card-item';
import { LibraryTransfer } from './library-transfer';
import { LoadingNote } from './loading-note';
import type { SectionProps } from './section-props';
import { useApiData } from './use-api-data';

/** The team's scenario library: the cards, and for the admin their editing, import and export. */
export function LibrarySection({ teamId, token, isAdmin, version, onChange }: SectionProps) {
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<LibraryCardView | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cards = useApiData<LibraryCardView[]>(
    `/api/teams/${teamId}/cards${showArchived ? '?archived=1' : ''}`,
    token,
    version,
  );

  const act = async (path: string, body: unknown = {}) => {
    const result = await callApi(`/api/teams/${teamId}/cards/${path}`, { method: 'POST', body, token });
    setError(result.ok ? null : result.error.message);
    if (result.ok) onChange();
  };
  const saved = () => {
    setEditing(null);
    onChange();
  };

  return (
    <section className="card team-section library" aria-labelledby="library-title">
      <div className="section-head">
        <h2 id="library-title">Scenario library</h2>
        {isAdmin && editing === null && (
          <button type="button" onClick={() => setEditing('new')}>
            New card
          </button>
        )}
      </div>
      <LibraryTransfer teamId={teamId} token={token} isAdmin={isAdmin} onImported={onChange} />
      <label className="check">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived cards
      </label>
      {editing !== null && (
        <CardForm
          teamId={teamId}
          token={token}
          card={editing === 'new' ? null : editing}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      {(error ?? cards.error) && (
        <p className="error" role="alert">
          {error ?? cards.error}
        </p>
      )}
      {!cards.data && !cards.error && <LoadingNote what="the library" />}
      {cards.data?.length === 0 && (
        <p className="muted">No cards yet. {isAdmin ? 'Write one, or import a deck.' : ''}</p>
      )}
      <ul className="library-cards" data-testid="library-cards">
        {cards.data?.map((card) => (
          <LibraryCardItem
            key={card.id}
            card={card}
            teamId={teamId}
            token={token}
            isAdmin={isAdmin}
            onEdit={() => setEditing(card)}
            onDuplicate={() => act(`${card.id}/duplicate`)}
            onArchive={(archived) => act(`${card.id}/archive`, { archived })}
          />
        ))}
      </ul>
    </section>
  );
}

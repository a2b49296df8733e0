'use client';

import { useState } from 'react';
import type { AddedStarterDeck, CardHint, LibraryCardView, LibraryReadiness } from '@/server/contract/team';
import { callApi } from '../lib/api';
import { CardForm } from './card-form';
import { LibraryCardItem } from './library-card-item';
import { LibraryHints } from './library-hints';
import { LibraryTransfer } from './library-transfer';
import { LoadingNote } from './loading-note';
import type { SectionProps } from './section-props';
import { useApiData } from './use-api-data';

/**
 * The team's scenario library: the cards with their preparation hints and a summary against the next
 * workshop; for the admin, editing, import and export, and the starter deck.
 */
export function LibrarySection({ teamId, token, isAdmin, version, onChange }: SectionProps) {
  const [showArchived, setShowArchived] = useState(false);
  const [filter, setFilter] = useState<CardHint | null>(null);
  const [editing, setEditing] = useState<LibraryCardView | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const cards = useApiData<LibraryCardView[]>(
    `/api/teams/${teamId}/cards${showArchived ? '?archived=1' : ''}`,
    token,
    version,
  );
  const readiness = useApiData<LibraryReadiness>(`/api/teams/${teamId}/library/readiness`, token, version);

  const act = async (path: string, body: unknown = {}) => {
    const result = await callApi(`/api/teams/${teamId}/cards/${path}`, { method: 'POST', body, token });
    setError(result.ok ? null : result.error.message);
    if (result.ok) onChange();
  };
  const saved = () => {
    setEditing(null);
    onChange();
  };
  const addStarterDeck = async () => {
    setAdding(true);
    const result = await callApi<AddedStarterDeck>(`/api/teams/${teamId}/starter-deck`, {
      method: 'POST',
      token,
    });
    setAdding(false);
    setError(result.ok ? null : result.error.message);
    if (!result.ok) return;
    const { added } = result.value;
    setNotice(
      added === 0
        ? 'The starter deck is already in your library.'
        : `Added ${added} ${added === 1 ? 'scenario' : 'scenarios'} from the starter deck: edit them to fit your systems.`,
    );
    onChange();
  };

  const starterCount = isAdmin ? (readiness.data?.starterDeckAvailable ?? 0) : 0;
  const starterButton = (prominent: boolean) =>
    starterCount > 0 && (
      <button
        type="button"
        className={prominent ? undefined : 'secondary'}
        disabled={adding}
        onClick={addStarterDeck}
      >
        Add the starter deck ({starterCount} {starterCount === 1 ? 'scenario' : 'scenarios'})
      </button>
    );
  const isEmpty = readiness.data?.cards === 0 && cards.data?.length === 0;
  const shown = filter ? cards.data?.filter((card) => card.hints.includes(filter)) : cards.data;

  return (
    <section className="card team-section library" aria-labelledby="library-title">
      <div className="section-head">
        <h2 id="library-title">Scenario library</h2>
        {isAdmin && editing === null && (
          <div className="button-row">
            {!isEmpty && starterButton(false)}
            <button type="button" onClick={() => setEditing('new')}>
              New card
            </button>
          </div>
        )}
      </div>
      <LibraryTransfer teamId={teamId} token={token} isAdmin={isAdmin} onImported={onChange} />
      {readiness.data && readiness.data.cards > 0 && (
        <LibraryHints readiness={readiness.data} isAdmin={isAdmin} filter={filter} onFilter={setFilter} />
      )}
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
      {(error ?? cards.error ?? readiness.error) && (
        <p className="error" role="alert">
          {error ?? cards.error ?? readiness.error}
        </p>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {!cards.data && !cards.error && <LoadingNote what="the library" />}
      {isEmpty && (
        <div className="library-empty" data-testid="library-empty">
          <p className="library-empty-text">
            {isAdmin
              ? 'Your library is empty: write a card from a real incident, import a file, or start with the starter deck.'
              : 'Your library is empty: the team admin can write cards from real incidents, import a file, or add the starter deck.'}
          </p>
          {isAdmin && starterButton(true)}
        </div>
      )}
      {filter && shown?.length === 0 && <p className="muted">No card shows this hint.</p>}
      <ul className="library-cards" data-testid="library-cards">
        {shown?.map((card) => (
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

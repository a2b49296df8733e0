'use client';

import { useState } from 'react';
import { heldCard, isHatLow } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { DrawList } from './draw-list';
import { useRoomContext } from './room-context';

/** What to do about an empty hat, for the facilitator or anyone else, in the lobby or later. */
function emptyHatHint(isFacilitator: boolean, inLobby: boolean): string {
  if (isFacilitator)
    return inLobby
      ? 'The workshop’s cards go into the hat when you move to the draw; add more from the toolbar.'
      : 'The hat is empty: fill it again or add a card from the toolbar.';
  return inLobby
    ? 'The facilitator fills the hat; you draw a card once the draw starts.'
    : 'The hat is empty: the facilitator can fill it again or add a card.';
}

/**
 * The hat: how many cards are left (with a warning under two per participant), "Draw a card" for
 * whoever holds none, and for the facilitator drawing for someone. The draws follow, animated as
 * they happen. The facilitator fills the hat and adds cards from the toolbar.
 */
export function HatPanel({ compact = false }: { compact?: boolean }) {
  const { state, meId, people, isFacilitator, send } = useRoomContext();
  const [drawFor, setDrawFor] = useState('');
  const canDraw = state.phase === 'draw' || state.phase === 'investigate';
  const mine = heldCard(state, meId);
  const withoutCard = people.filter((p) => !heldCard(state, p.id));
  const count = state.hat.length;
  return (
    <section className={`panel hat${compact ? ' hat-compact' : ''}`} aria-labelledby="hat-title">
      <h2 id="hat-title">The hat</h2>
      <p className="hat-count" data-testid="hat-count">
        {count} {count === 1 ? 'card' : 'cards'} in the hat
      </p>
      {count === 0 && <EmptyState>{emptyHatHint(isFacilitator, state.phase === 'lobby')}</EmptyState>}
      {isHatLow(state, people.length) && state.phase !== 'lobby' && (
        <p className="warning" data-testid="hat-low">
          Fewer than two cards per participant left: add a card or put one back.
        </p>
      )}
      <div className="button-row">
        {canDraw && !mine && (
          <button type="button" disabled={count === 0} onClick={() => void send('hat:draw', {})}>
            Draw a card
          </button>
        )}
        {mine && <p className="your-card">You hold “{state.cards[mine.cardId]?.title}”.</p>}
      </div>
      {isFacilitator && canDraw && withoutCard.length > 0 && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (drawFor) void send('hat:draw', { participantId: drawFor }).then(() => setDrawFor(''));
          }}
        >
          <div className="field">
            <label htmlFor="draw-for">Draw for</label>
            <select id="draw-for" value={drawFor} onChange={(event) => setDrawFor(event.target.value)}>
              <option value="">Choose someone</option>
              {withoutCard.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!drawFor || count === 0}>
            Draw for them
          </button>
        </form>
      )}
      <DrawList />
    </section>
  );
}

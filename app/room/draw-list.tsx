'use client';

import { useEffect, useRef, useState } from 'react';
import { isCardPlayed } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { useRoomContext } from './room-context';

/** How long a new draw spins before its card is shown. */
const ANIMATION_MS = 900;

/**
 * Every card drawn, in order. A draw with a sequence number this page has not seen yet is shown
 * "being drawn" for a moment first, so the room sees the card come out of the hat; pages that open
 * later see the draws without the animation. The facilitator can put an unplayed card back.
 */
export function DrawList() {
  const { state, nameOf, isFacilitator, send } = useRoomContext();
  const seen = useRef(state.drawSeq);
  const [spinning, setSpinning] = useState<number | null>(null);
  useEffect(() => {
    if (state.drawSeq <= seen.current) return;
    seen.current = state.drawSeq;
    setSpinning(state.drawSeq);
    const timer = setTimeout(() => setSpinning(null), ANIMATION_MS);
    return () => clearTimeout(timer);
  }, [state.drawSeq]);
  if (state.draws.length === 0)
    return (
      <EmptyState>
        {state.phase === 'lobby'
          ? 'No card drawn yet: everyone draws one once the facilitator opens the draw.'
          : 'No card drawn yet: press “Draw a card” to take yours from the hat.'}
      </EmptyState>
    );
  // The room's announcer tells screen readers about each draw; this list only shows them.
  return (
    <ul className="draws" data-testid="draws">
      {state.draws.map((draw) => {
        const who = nameOf(draw.participantId);
        const title = state.cards[draw.cardId]?.title ?? 'a card';
        if (draw.seq === spinning)
          return (
            <li key={draw.seq} className="draw drawing" data-testid="drawing">
              <span className="hat-spin" aria-hidden="true" />
              {who} is drawing…
            </li>
          );
        const by = draw.drawnBy !== draw.participantId ? ` (drawn by ${nameOf(draw.drawnBy)})` : '';
        return (
          <li key={draw.seq} className="draw drawn" data-testid="draw">
            <span>
              {who} drew ‘{title}’{by}
            </span>
            {isFacilitator && !isCardPlayed(state, draw.cardId) && (
              <button
                type="button"
                className="link-button"
                aria-label={`Put ‘${title}’ back in the hat`}
                onClick={() => void send('hat:return', { cardId: draw.cardId })}
              >
                Put back
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

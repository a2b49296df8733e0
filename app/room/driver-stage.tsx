'use client';

import { useRef } from 'react';
import { currentTurn } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { useFullscreen } from '../lib/use-fullscreen';
import { EvidenceList } from './evidence-list';
import { useRoomContext } from './room-context';

/**
 * Who holds the laptop and their scenario, large for everyone, with the card's evidence below. The
 * stage can fill the screen (Escape leaves), with the evidence large enough to share on a call.
 */
export function DriverStage() {
  const { state, nameOf, meId, isFacilitator } = useRoomContext();
  const ref = useRef<HTMLElement>(null);
  const fullscreen = useFullscreen(ref);
  const turn = currentTurn(state);
  if (!turn) {
    const finished = state.turns.length > 0;
    return (
      <section className="panel stage" aria-labelledby="stage-title" data-testid="stage">
        <h2 id="stage-title" className="driver">
          {finished ? 'Nobody is driving now' : 'Nobody is driving yet'}
        </h2>
        <EmptyState>
          {finished
            ? 'The last turn has ended.'
            : isFacilitator
              ? 'You go first: start the turns from the toolbar once the cards are drawn.'
              : 'The facilitator goes first, then everyone in the order they drew.'}
        </EmptyState>
      </section>
    );
  }
  const card = turn.cardId ? state.cards[turn.cardId] : undefined;
  const you = turn.participantId === meId;
  return (
    <section ref={ref} className="panel stage" aria-labelledby="stage-title" data-testid="stage">
      <div className="stage-head">
        <p className="eyebrow">At the laptop</p>
        {fullscreen.isSupported && (
          <button type="button" className="secondary" onClick={fullscreen.toggle}>
            {fullscreen.isFullscreen ? 'Leave full screen' : 'Full screen'}
          </button>
        )}
      </div>
      <h2 id="stage-title" className="driver" data-testid="driver">
        {you ? 'You are driving' : `${nameOf(turn.participantId)} is driving`}
      </h2>
      {card ? (
        <div className="scenario" data-testid="scenario">
          <h3 className="scenario-title">{card.title}</h3>
          <p className="scenario-summary">{card.summary}</p>
          <EvidenceList turn={turn} card={card} />
        </div>
      ) : (
        <p className="muted">No card for this turn: free investigation.</p>
      )}
    </section>
  );
}

'use client';

import { currentTurn } from '@/server/workshop/state';
import { EvidenceList } from './evidence-list';
import { useRoomContext } from './room-context';

/** Who holds the laptop and their scenario, large for everyone, with the card's evidence below. */
export function DriverStage() {
  const { state, nameOf, meId } = useRoomContext();
  const turn = currentTurn(state);
  if (!turn) {
    const finished = state.turns.length > 0;
    return (
      <section className="panel stage" aria-labelledby="stage-title" data-testid="stage">
        <h2 id="stage-title" className="driver">
          {finished ? 'Nobody is driving now' : 'Nobody is driving yet'}
        </h2>
        <p className="muted">
          {finished
            ? 'The last turn has ended.'
            : 'The facilitator goes first, then everyone in the order they drew.'}
        </p>
      </section>
    );
  }
  const card = turn.cardId ? state.cards[turn.cardId] : undefined;
  const you = turn.participantId === meId;
  return (
    <section className="panel stage" aria-labelledby="stage-title" data-testid="stage">
      <p className="eyebrow">At the laptop</p>
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

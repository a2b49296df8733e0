/** The hat: cards in, one random card out per person, cards put back. */
import { ErrorCode } from '../contract/errors';
import { unredactedEvidence } from '../model/evidence-redaction';
import { type CardFace, fail, heldCard, isCardPlayed, type WorkshopState } from '../model/state';
import type { Card, CommandContext } from './context';

function face(card: Card): CardFace {
  return {
    id: card.id,
    title: card.title,
    summary: card.summary,
    evidence: card.evidence.map(({ kind, label }) => ({ kind, label })),
  };
}

/** Puts every card of the deck that is not in the hat, held or played into the hat. */
export function fillHat(state: WorkshopState, ctx: CommandContext): WorkshopState {
  const out = new Set([
    ...state.hat,
    ...state.draws.map((d) => d.cardId),
    ...state.turns.map((t) => t.cardId),
  ]);
  const added = [...ctx.deck.keys()].filter((id) => !out.has(id));
  return { ...state, hat: [...state.hat, ...added] };
}

/** Puts a card written on the spot into the hat (the card is already in ctx.deck). */
export function addCardToHat(state: WorkshopState, ctx: CommandContext): WorkshopState {
  const card = ctx.newCardId ? ctx.deck.get(ctx.newCardId) : undefined;
  if (!card) fail(ErrorCode.UNKNOWN_CARD, 'That card does not exist.');
  const [unredacted] = unredactedEvidence(card);
  if (unredacted) fail(ErrorCode.BAD_REQUEST, `Invalid ${unredacted.path.join('.')}: ${unredacted.message}`);
  return { ...state, hat: [...state.hat, card.id] };
}

/**
 * Draws one card uniformly at random for `participantId`. Commands run one at a time against the
 * latest state, so two people drawing at the same moment can never get the same card.
 */
export function drawFromHat(
  state: WorkshopState,
  participantId: string,
  ctx: CommandContext,
): { state: WorkshopState; cardId: string } {
  if (state.phase !== 'draw' && state.phase !== 'investigate') {
    fail(ErrorCode.WRONG_PHASE, 'Cards are drawn in the draw phase.');
  }
  if (!ctx.members.has(participantId))
    fail(ErrorCode.UNKNOWN_PARTICIPANT, 'That person is not in this workshop.');
  if (heldCard(state, participantId)) {
    fail(ErrorCode.ALREADY_HOLDS_CARD, 'You already hold a card: investigate it before drawing another.');
  }
  if (state.hat.length === 0) fail(ErrorCode.HAT_EMPTY, 'The hat is empty.');
  const index = ctx.randomInt(state.hat.length);
  const cardId = state.hat[index]!;
  const card = ctx.deck.get(cardId);
  if (!card) fail(ErrorCode.UNKNOWN_CARD, 'That card no longer exists.');
  const hat = state.hat.filter((_, i) => i !== index);
  const seq = state.drawSeq + 1;
  const draws = [...state.draws, { cardId, participantId, drawnAt: ctx.now, seq, drawnBy: ctx.actorId }];
  let turnOrder = state.turnOrder;
  if (!turnOrder.includes(participantId)) {
    // The facilitator goes first to set the standard; everyone else in draw order.
    turnOrder =
      participantId === state.facilitatorId ? [participantId, ...turnOrder] : [...turnOrder, participantId];
  }
  return {
    state: { ...state, hat, draws, drawSeq: seq, turnOrder, cards: { ...state.cards, [cardId]: face(card) } },
    cardId,
  };
}

/** Puts a drawn card that has not been played back into the hat. */
export function returnToHat(state: WorkshopState, cardId: string): WorkshopState {
  if (!state.draws.some((d) => d.cardId === cardId)) fail(ErrorCode.UNKNOWN_CARD, 'Nobody holds that card.');
  if (isCardPlayed(state, cardId)) fail(ErrorCode.CARD_IN_PLAY, 'That card has already been investigated.');
  const { [cardId]: _hidden, ...cards } = state.cards;
  return {
    ...state,
    hat: [...state.hat, cardId],
    draws: state.draws.filter((d) => d.cardId !== cardId),
    cards,
  };
}

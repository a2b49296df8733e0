/** Turns ("passing the laptop"): who drives, in which order, and the evidence they reveal. */
import { ErrorCode } from '../contract/errors';
import { currentTurn, fail, heldCard, type WorkshopState } from '../model/state';
import type { CommandContext } from './context';

/** Ends the turn being played, if any. */
export function endTurn(state: WorkshopState, now: number): WorkshopState {
  if (!state.currentTurnId) return state;
  return {
    ...state,
    turns: state.turns.map((t) => (t.id === state.currentTurnId ? { ...t, endedAt: now } : t)),
    currentTurnId: null,
  };
}

/** The next person in the order who has not driven yet. */
export function nextDriver(state: WorkshopState): string | undefined {
  const done = new Set(state.turns.map((t) => t.participantId));
  return state.turnOrder.find((id) => !done.has(id));
}

/** Starts a turn for `participantId` (default: the next in order), ending the current one. */
export function startTurn(
  state: WorkshopState,
  participantId: string | undefined,
  ctx: CommandContext,
): WorkshopState {
  if (state.phase !== 'draw' && state.phase !== 'investigate') {
    fail(ErrorCode.WRONG_PHASE, 'Turns are played in the investigate phase.');
  }
  const driver = participantId ?? nextDriver(state);
  if (!driver) fail(ErrorCode.NO_TURN, 'Everyone in the turn order has had a turn.');
  if (!ctx.members.has(driver)) fail(ErrorCode.UNKNOWN_PARTICIPANT, 'That person is not in this workshop.');
  const ended = endTurn(state, ctx.now);
  const turn = {
    id: ctx.newId(),
    participantId: driver,
    cardId: heldCard(ended, driver)?.cardId ?? null,
    startedAt: ctx.now,
    endedAt: null,
    reveals: [],
  };
  const turnOrder = ended.turnOrder.includes(driver) ? ended.turnOrder : [...ended.turnOrder, driver];
  return { ...ended, phase: 'investigate', turns: [...ended.turns, turn], currentTurnId: turn.id, turnOrder };
}

/** Ends the current turn and starts the next person's, if anyone is left. */
export function passTurn(state: WorkshopState, ctx: CommandContext): WorkshopState {
  const ended = endTurn(state, ctx.now);
  const next = nextDriver(ended);
  return next ? startTurn(ended, next, ctx) : ended;
}

/** Replaces the turn order; every id must be a member, once. */
export function reorderTurns(state: WorkshopState, order: string[], ctx: CommandContext): WorkshopState {
  if (new Set(order).size !== order.length || order.some((id) => !ctx.members.has(id))) {
    fail(ErrorCode.BAD_ORDER, 'The turn order must list people of this workshop, each once.');
  }
  return { ...state, turnOrder: order };
}

/** Shows the room one evidence item of the current card, stamped with the time since the turn began. */
export function revealEvidence(state: WorkshopState, index: number, ctx: CommandContext): WorkshopState {
  const turn = currentTurn(state);
  if (!turn) fail(ErrorCode.NO_TURN, 'Nobody is driving right now.');
  if (ctx.actorId !== turn.participantId && ctx.actorId !== state.facilitatorId) {
    fail(ErrorCode.NOT_DRIVER, 'Only the driver or the facilitator reveals evidence.');
  }
  const card = turn.cardId ? ctx.deck.get(turn.cardId) : undefined;
  const item = card?.evidence[index];
  if (!item) fail(ErrorCode.NO_SUCH_EVIDENCE, 'This card has no such evidence.');
  if (turn.reveals.some((r) => r.index === index)) return state;
  const reveal = {
    index,
    kind: item.kind,
    label: item.label,
    body: item.body,
    atMs: ctx.now - turn.startedAt,
    by: ctx.actorId,
  };
  return {
    ...state,
    turns: state.turns.map((t) => (t.id === turn.id ? { ...t, reveals: [...t.reveals, reveal] } : t)),
  };
}

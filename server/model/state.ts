/**
 * The authoritative state of a workshop: plain data, changed only by the server's commands and
 * mirrored into the read-only state Y.Doc for every screen.
 */
import { ErrorCode } from '../contract/errors';
import type { ActionStatus, EvidenceKind, Phase } from '../contract/vocabulary';

/** Server-time clock: the remaining time is derived, never stored as a ticking number. */
export interface TimerState {
  status: 'idle' | 'running' | 'paused';
  /** Time on the clock when it (re)started; while idle, the planned length. */
  durationMs: number;
  /** Server time of the last start or resume; null unless running. */
  startedAtServerMs: number | null;
  /** Remaining time at the moment of pausing; null unless paused. */
  remainingMsWhenPaused: number | null;
}

/** The public face of a drawn card: its evidence shows only kind and label until revealed. */
export interface CardFace {
  id: string;
  title: string;
  summary: string;
  evidence: { kind: EvidenceKind; label: string }[];
}

/** A card someone holds. */
export interface Draw {
  cardId: string;
  participantId: string;
  drawnAt: number;
  /** Increasing number of the draw, so screens animate each draw exactly once. */
  seq: number;
  /** Who pulled it out of the hat (the facilitator may draw for someone). */
  drawnBy: string;
}

/** An evidence item shown to the room. */
export interface Reveal {
  index: number;
  kind: EvidenceKind;
  label: string;
  body: string;
  /** Milliseconds since the turn began. */
  atMs: number;
  by: string;
}

/** One person's turn at the laptop. */
export interface Turn {
  id: string;
  participantId: string;
  cardId: string | null;
  startedAt: number;
  endedAt: number | null;
  reveals: Reveal[];
}

/** Something the room should see happened to the roles. */
export interface RoleEvent {
  at: number;
  kind: 'handed' | 'claimed' | 'scribe';
  from: string | null;
  to: string | null;
}

/** An open action from an earlier workshop, reviewed together in the lobby. */
export interface ReviewItem {
  id: string;
  text: string;
  ownerName: string | null;
  dueDate: string | null;
  status: ActionStatus;
  workshopTitle: string;
}

/** Everything authoritative about a running workshop. */
export interface WorkshopState {
  phase: Phase;
  facilitatorId: string;
  /** Server time the facilitator's last connection closed; null while connected. */
  facilitatorAwaySince: number | null;
  scribeId: string | null;
  /** Ids of the cards in the hat. */
  hat: string[];
  /** Faces of the cards that have been drawn. */
  cards: Record<string, CardFace>;
  /** Cards held now, in draw order (returned cards are removed). */
  draws: Draw[];
  drawSeq: number;
  turnOrder: string[];
  turns: Turn[];
  currentTurnId: string | null;
  driverMayPass: boolean;
  timer: TimerState;
  reflectionMs: number;
  /** Optional timebox per turn. */
  turnTimeboxMs: number | null;
  /** Voters per action id. */
  votes: Record<string, string[]>;
  votesPerPerson: number;
  roleEvents: RoleEvent[];
  /** Open actions of the team's earlier workshops, as they stood when this one opened. */
  review: ReviewItem[];
  endedAt: number | null;
}

/** Votes each participant may spend on actions in the reflect phase. */
export const VOTES_PER_PERSON = 3;

/** The state of a workshop nobody has acted on yet. */
export function initialState(input: {
  facilitatorId: string;
  durationMinutes: number;
  reflectionMinutes: number;
  review?: ReviewItem[];
}): WorkshopState {
  return {
    phase: 'lobby',
    facilitatorId: input.facilitatorId,
    facilitatorAwaySince: null,
    scribeId: null,
    hat: [],
    cards: {},
    draws: [],
    drawSeq: 0,
    turnOrder: [],
    turns: [],
    currentTurnId: null,
    driverMayPass: false,
    timer: {
      status: 'idle',
      durationMs: input.durationMinutes * 60_000,
      startedAtServerMs: null,
      remainingMsWhenPaused: null,
    },
    reflectionMs: input.reflectionMinutes * 60_000,
    turnTimeboxMs: null,
    votes: {},
    votesPerPerson: VOTES_PER_PERSON,
    roleEvents: [],
    review: input.review ?? [],
    endedAt: null,
  };
}

/** A broken rule: a stable code and a message for the person who tried. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Throws a DomainError. */
export function fail(code: ErrorCode, message: string): never {
  throw new DomainError(code, message);
}

/** The turn being played, if any. */
export function currentTurn(state: WorkshopState): Turn | undefined {
  return state.turns.find((turn) => turn.id === state.currentTurnId);
}

/** The card a participant holds and has not investigated yet. */
export function heldCard(state: WorkshopState, participantId: string): Draw | undefined {
  return state.draws.find(
    (draw) => draw.participantId === participantId && !isCardPlayed(state, draw.cardId),
  );
}

/** Whether a card was (or is being) investigated in a turn. */
export function isCardPlayed(state: WorkshopState, cardId: string): boolean {
  return state.turns.some((turn) => turn.cardId === cardId);
}

/** Whether the hat holds fewer than two cards per participant still to draw. */
export function isHatLow(state: WorkshopState, participantCount: number): boolean {
  return state.hat.length < 2 * participantCount;
}

/** Whether `participantId` holds the facilitator role now. */
export function isFacilitator(state: WorkshopState, participantId: string): boolean {
  return state.facilitatorId === participantId;
}

/** Whether `participantId` may write the scribe log now. */
export function canWriteLog(state: WorkshopState, participantId: string): boolean {
  return (
    state.phase !== 'ended' && (state.scribeId === participantId || state.facilitatorId === participantId)
  );
}

export { ErrorCode };

/**
 * Every command of the workshop as a pure function of (state, payload, context): who may send it,
 * in which phase, and what it changes. The server runs one at a time per workshop and writes the
 * result to the read-only state document.
 */
import type { z } from 'zod';
import type { CommandName, commandSchemas } from '../contract/commands';
import { type ApiError, ErrorCode } from '../contract/errors';
import { currentTurn, DomainError, fail, type WorkshopState } from '../model/state';
import { adjustTimer, pauseTimer, resumeTimer, startTimer } from '../model/timer';
import type { CommandContext } from './context';
import { addCardToHat, drawFromHat, fillHat, returnToHat } from './hat';
import { endTurn, passTurn, reorderTurns, revealEvidence, startTurn } from './turns';

type Payload<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;
type Outcome = { state: WorkshopState; value?: unknown };
type Handler<N extends CommandName> = (
  state: WorkshopState,
  payload: Payload<N>,
  ctx: CommandContext,
) => Outcome;

function requireFacilitator(state: WorkshopState, ctx: CommandContext): void {
  if (state.facilitatorId !== ctx.actorId)
    fail(ErrorCode.NOT_FACILITATOR, 'Only the facilitator can do that.');
}

function requireMember(id: string | null, ctx: CommandContext): void {
  if (id !== null && !ctx.members.has(id))
    fail(ErrorCode.UNKNOWN_PARTICIPANT, 'That person is not in this workshop.');
}

/** Facilitator-only commands whose whole effect is one state change. */
const byFacilitator =
  <N extends CommandName>(
    change: (state: WorkshopState, payload: Payload<N>, ctx: CommandContext) => WorkshopState,
  ): Handler<N> =>
  (state, payload, ctx) => {
    requireFacilitator(state, ctx);
    return { state: change(state, payload, ctx) };
  };

/** The driver may end or pass their own turn when the facilitator allows it. */
function requireFacilitatorOrAllowedDriver(state: WorkshopState, ctx: CommandContext): void {
  const isDriver = currentTurn(state)?.participantId === ctx.actorId;
  if (state.facilitatorId !== ctx.actorId && !(isDriver && state.driverMayPass)) {
    fail(ErrorCode.NOT_FACILITATOR, 'Only the facilitator passes the turn.');
  }
}

const handlers: { [N in CommandName]: Handler<N> } = {
  'phase:set': byFacilitator((state, { phase }, ctx) => {
    // Entering the draw with an empty hat fills it from the workshop's cards.
    const filled =
      phase === 'draw' && state.hat.length === 0 && state.draws.length === 0 ? fillHat(state, ctx) : state;
    return phase === 'reflect' || phase === 'lobby'
      ? { ...endTurn(filled, ctx.now), phase }
      : { ...filled, phase };
  }),
  'hat:fill': byFacilitator((state, _payload, ctx) => fillHat(state, ctx)),
  'hat:add-card': byFacilitator((state, _payload, ctx) => addCardToHat(state, ctx)),
  'hat:draw': (state, { participantId }, ctx) => {
    const target = participantId ?? ctx.actorId;
    if (target !== ctx.actorId) requireFacilitator(state, ctx);
    const drawn = drawFromHat(state, target, ctx);
    return {
      state: drawn.state,
      value: { cardId: drawn.cardId, title: drawn.state.cards[drawn.cardId]?.title },
    };
  },
  'hat:return': byFacilitator((state, { cardId }) => returnToHat(state, cardId)),
  'turn:start': byFacilitator((state, { participantId }, ctx) => startTurn(state, participantId, ctx)),
  'turn:pass': (state, _payload, ctx) => {
    requireFacilitatorOrAllowedDriver(state, ctx);
    return { state: passTurn(state, ctx) };
  },
  'turn:end': (state, _payload, ctx) => {
    requireFacilitatorOrAllowedDriver(state, ctx);
    return { state: endTurn(state, ctx.now) };
  },
  'turn:reorder': byFacilitator((state, { order }, ctx) => reorderTurns(state, order, ctx)),
  'turn:driver-may-pass': byFacilitator((state, { allowed }) => ({ ...state, driverMayPass: allowed })),
  'evidence:reveal': (state, { index }, ctx) => ({ state: revealEvidence(state, index, ctx) }),
  'scribe:assign': byFacilitator((state, { participantId }, ctx) => {
    requireMember(participantId, ctx);
    const event = { at: ctx.now, kind: 'scribe' as const, from: state.scribeId, to: participantId };
    return { ...state, scribeId: participantId, roleEvents: [...state.roleEvents, event] };
  }),
  'role:hand': byFacilitator((state, { participantId }, ctx) => {
    requireMember(participantId, ctx);
    const event = { at: ctx.now, kind: 'handed' as const, from: state.facilitatorId, to: participantId };
    return {
      ...state,
      facilitatorId: participantId,
      facilitatorAwaySince: ctx.online.has(participantId) ? null : ctx.now,
      roleEvents: [...state.roleEvents, event],
    };
  }),
  'role:claim': (state, _payload, ctx) => {
    requireMember(ctx.actorId, ctx);
    const away = state.facilitatorAwaySince;
    if (state.facilitatorId === ctx.actorId) return { state };
    if (away === null || ctx.now - away < ctx.claimAfterMs) {
      const minutes = Math.ceil(ctx.claimAfterMs / 60_000);
      fail(
        ErrorCode.FACILITATOR_PRESENT,
        `The facilitator can be claimed once they have been gone ${minutes} minutes.`,
      );
    }
    const event = { at: ctx.now, kind: 'claimed' as const, from: state.facilitatorId, to: ctx.actorId };
    return {
      state: {
        ...state,
        facilitatorId: ctx.actorId,
        facilitatorAwaySince: null,
        roleEvents: [...state.roleEvents, event],
      },
    };
  },
  'timer:start': byFacilitator((state, _p, ctx) => ({ ...state, timer: startTimer(state.timer, ctx.now) })),
  'timer:pause': byFacilitator((state, _p, ctx) => ({ ...state, timer: pauseTimer(state.timer, ctx.now) })),
  'timer:resume': byFacilitator((state, _p, ctx) => ({ ...state, timer: resumeTimer(state.timer, ctx.now) })),
  'timer:adjust': byFacilitator((state, { minutes }, ctx) => ({
    ...state,
    timer: adjustTimer(state.timer, minutes * 60_000, ctx.now),
  })),
  'timer:timebox': byFacilitator((state, { minutes }) => ({
    ...state,
    turnTimeboxMs: minutes === null ? null : minutes * 60_000,
  })),
  'review:set-status': (state, { actionId, status }, ctx) => {
    // Anyone in the room ticks off earlier actions together; the service writes the tracker first.
    requireMember(ctx.actorId, ctx);
    if (!state.review.some((item) => item.id === actionId))
      fail(ErrorCode.UNKNOWN_CARD, 'That action is not under review.');
    return {
      state: {
        ...state,
        review: state.review.map((item) => (item.id === actionId ? { ...item, status } : item)),
      },
    };
  },
  'vote:cast': (state, { actionId }, ctx) => {
    requireMember(ctx.actorId, ctx);
    if (state.phase !== 'reflect') fail(ErrorCode.WRONG_PHASE, 'Votes are cast in the reflect phase.');
    if (!ctx.actionIds.has(actionId)) fail(ErrorCode.UNKNOWN_CARD, 'There is no such action.');
    const voters = Object.hasOwn(state.votes, actionId) ? state.votes[actionId]! : [];
    if (voters.includes(ctx.actorId)) return { state };
    const used = Object.values(state.votes).filter((v) => v.includes(ctx.actorId)).length;
    if (used >= state.votesPerPerson) {
      fail(ErrorCode.VOTES_USED, `You have used your ${state.votesPerPerson} votes: take one back first.`);
    }
    return { state: { ...state, votes: { ...state.votes, [actionId]: [...voters, ctx.actorId] } } };
  },
  'vote:retract': (state, { actionId }, ctx) => {
    // Only a vote this person cast can be taken back: anything else changes nothing.
    if (!Object.hasOwn(state.votes, actionId) || !state.votes[actionId]!.includes(ctx.actorId))
      return { state };
    const voters = state.votes[actionId]!.filter((id) => id !== ctx.actorId);
    return { state: { ...state, votes: { ...state.votes, [actionId]: voters } } };
  },
  'workshop:end': byFacilitator((state, _p, ctx) => {
    const ended = endTurn(state, ctx.now);
    const timer = ended.timer.status === 'running' ? pauseTimer(ended.timer, ctx.now) : ended.timer;
    return { ...ended, phase: 'ended', timer, endedAt: ctx.now };
  }),
};

/** The outcome of a command: the new state (and an optional value for the ack), or the broken rule. */
export type CommandResult =
  | { ok: true; state: WorkshopState; value?: unknown }
  | { ok: false; error: ApiError };

/** Runs one command against `state`. Never throws for a broken rule: it returns it. */
export function runCommand<N extends CommandName>(
  state: WorkshopState,
  name: N,
  payload: Payload<N>,
  ctx: CommandContext,
): CommandResult {
  try {
    if (state.phase === 'ended')
      fail(ErrorCode.WORKSHOP_ENDED, 'This workshop has ended; its record is read-only.');
    const handler = handlers[name] as Handler<N> | undefined;
    if (!handler) fail(ErrorCode.UNKNOWN_COMMAND, 'Unknown command.');
    const outcome = handler(state, payload, ctx);
    return { ok: true, state: outcome.state, value: outcome.value };
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

/**
 * Keeps `facilitatorAwaySince` in step with who is connected: set when the facilitator's last
 * connection closes, cleared when one opens.
 */
export function trackFacilitatorPresence(
  state: WorkshopState,
  online: ReadonlySet<string>,
  now: number,
): WorkshopState {
  const here = online.has(state.facilitatorId);
  if (here && state.facilitatorAwaySince !== null) return { ...state, facilitatorAwaySince: null };
  if (!here && state.facilitatorAwaySince === null && state.phase !== 'ended')
    return { ...state, facilitatorAwaySince: now };
  return state;
}

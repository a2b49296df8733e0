import { describe, expect, it } from 'vitest';
import type { CommandName } from '../../server/contract/commands';
import { type CommandResult, runCommand, trackFacilitatorPresence } from '../../server/domain/commands';
import type { CommandContext } from '../../server/domain/context';
import { currentTurn, isHatLow, type WorkshopState } from '../../server/model/state';
import { seedContext, seedState } from '../helpers/domain';

/** Runs a sequence of commands, failing the test at the first refused one. */
function play(
  state: WorkshopState,
  steps: [CommandName, unknown, Partial<CommandContext>?][],
): WorkshopState {
  let current = state;
  for (const [name, payload, ctx] of steps) {
    const result = runCommand(current, name, payload as never, seedContext(ctx));
    if (!result.ok) throw new Error(`${name} refused: ${result.error.code} ${result.error.message}`);
    current = result.state;
  }
  return current;
}

const refusal = (result: CommandResult) => (result.ok ? 'accepted' : result.error.code);

describe('phases', () => {
  it('only the facilitator moves the phase, and entering the draw fills an empty hat', () => {
    const state = seedState();
    expect(refusal(runCommand(state, 'phase:set', { phase: 'draw' }, seedContext({ actorId: 'ann' })))).toBe(
      'NOT_FACILITATOR',
    );
    const drawing = play(state, [['phase:set', { phase: 'draw' }]]);
    expect(drawing.phase).toBe('draw');
    expect(drawing.hat).toHaveLength(8);
  });

  it('refuses every command once the workshop has ended', () => {
    const ended = play(seedState(), [['workshop:end', {}]]);
    expect(ended.phase).toBe('ended');
    expect(refusal(runCommand(ended, 'phase:set', { phase: 'draw' }, seedContext()))).toBe('WORKSHOP_ENDED');
  });
});

describe('the hat', () => {
  const drawing = () => play(seedState(), [['phase:set', { phase: 'draw' }]]);

  it('draws the card the random source picks, never the same one twice', () => {
    let state = drawing();
    const drawn: string[] = [];
    for (const actorId of ['ann', 'bo', 'cy', 'fac']) {
      const result = runCommand(state, 'hat:draw', {}, seedContext({ actorId, randomInt: (max) => max - 1 }));
      if (!result.ok) throw new Error(result.error.message);
      drawn.push((result.value as { cardId: string }).cardId);
      state = result.state;
    }
    expect(drawn).toEqual(['c8', 'c7', 'c6', 'c5']);
    expect(state.hat).toEqual(['c1', 'c2', 'c3', 'c4']);
    // The room sees the face of a drawn card but never the evidence bodies.
    expect(state.cards.c8).toEqual({
      id: 'c8',
      title: 'Card 8',
      summary: 'Summary 8',
      evidence: [
        { kind: 'alert', label: 'Alert 8' },
        { kind: 'log', label: 'Log 8' },
      ],
    });
    // Facilitator first, then draw order.
    expect(state.turnOrder).toEqual(['fac', 'ann', 'bo', 'cy']);
    expect(state.draws.map((d) => d.seq)).toEqual([1, 2, 3, 4]);
  });

  it('one card per person at a time; the facilitator may draw for someone, a participant may not', () => {
    const state = play(drawing(), [['hat:draw', {}, { actorId: 'ann' }]]);
    expect(refusal(runCommand(state, 'hat:draw', {}, seedContext({ actorId: 'ann' })))).toBe(
      'ALREADY_HOLDS_CARD',
    );
    expect(
      refusal(runCommand(state, 'hat:draw', { participantId: 'bo' }, seedContext({ actorId: 'ann' }))),
    ).toBe('NOT_FACILITATOR');
    const forBo = runCommand(state, 'hat:draw', { participantId: 'bo' }, seedContext());
    expect(forBo.ok && forBo.state.draws.at(-1)).toMatchObject({ participantId: 'bo', drawnBy: 'fac' });
  });

  it('refuses a draw from an empty hat or outside the draw', () => {
    expect(refusal(runCommand(seedState(), 'hat:draw', {}, seedContext({ actorId: 'ann' })))).toBe(
      'WRONG_PHASE',
    );
    const empty = seedState({ phase: 'draw', hat: [] });
    expect(refusal(runCommand(empty, 'hat:draw', {}, seedContext({ actorId: 'ann' })))).toBe('HAT_EMPTY');
  });

  it('the facilitator puts a drawn card back until it has been played', () => {
    const state = play(drawing(), [['hat:draw', {}, { actorId: 'ann' }]]);
    const back = play(state, [['hat:return', { cardId: 'c1' }]]);
    expect(back.hat).toContain('c1');
    expect(back.draws).toEqual([]);
    expect(back.cards.c1).toBeUndefined();
    const played = play(state, [['turn:start', { participantId: 'ann' }]]);
    expect(refusal(runCommand(played, 'hat:return', { cardId: 'c1' }, seedContext()))).toBe('CARD_IN_PLAY');
  });

  it('warns when the hat holds fewer than two cards per participant', () => {
    expect(isHatLow(seedState({ hat: ['a', 'b', 'c'] }), 2)).toBe(true);
    expect(isHatLow(seedState({ hat: ['a', 'b', 'c', 'd'] }), 2)).toBe(false);
  });

  it('adds a card written on the spot to the hat', () => {
    const deck = new Map(seedContext().deck);
    deck.set('new', { id: 'new', title: 'On the spot', summary: '', evidence: [] });
    const state = play(seedState(), [
      ['hat:add-card', { title: 'On the spot', summary: '' }, { deck, newCardId: 'new' }],
    ]);
    expect(state.hat).toEqual(['new']);
  });

  it('refuses a card written on the spot whose evidence still holds an e-mail address', () => {
    const deck = new Map(seedContext().deck);
    const evidence = [{ kind: 'chat' as const, label: 'Support', body: 'ask sam.k@shop-example.com' }];
    deck.set('new', { id: 'new', title: 'Leak', summary: '', evidence });
    const state = seedState();
    const result = runCommand(
      state,
      'hat:add-card',
      { title: 'Leak', summary: '', evidence },
      seedContext({ deck, newCardId: 'new' }),
    );
    expect(result.ok ? 'accepted' : result.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Invalid evidence.0: holds 1 e-mail address: redact or keep each one before saving',
    });
  });
});

describe('turns and evidence', () => {
  const ready = () =>
    play(seedState(), [
      ['phase:set', { phase: 'draw' }],
      ['hat:draw', {}, { actorId: 'ann' }],
      ['hat:draw', {}, { actorId: 'fac' }],
      ['hat:draw', {}, { actorId: 'bo' }],
    ]);

  it('starts with the facilitator, passes in order, and records start and end times', () => {
    let state = play(ready(), [['turn:start', {}]]);
    expect(state.phase).toBe('investigate');
    expect(currentTurn(state)).toMatchObject({
      participantId: 'fac',
      cardId: 'c2',
      startedAt: 1_000_000,
      endedAt: null,
    });
    state = play(state, [['turn:pass', {}, { now: 1_300_000 }]]);
    expect(state.turns[0]?.endedAt).toBe(1_300_000);
    expect(currentTurn(state)).toMatchObject({ participantId: 'ann', cardId: 'c1', startedAt: 1_300_000 });
    state = play(state, [
      ['turn:pass', {}],
      ['turn:pass', {}],
    ]);
    expect(state.currentTurnId).toBeNull();
    expect(refusal(runCommand(state, 'turn:start', {}, seedContext()))).toBe('NO_TURN');
  });

  it('only the facilitator passes the turn, unless the driver is allowed to', () => {
    const state = play(ready(), [['turn:start', { participantId: 'ann' }]]);
    expect(refusal(runCommand(state, 'turn:pass', {}, seedContext({ actorId: 'ann' })))).toBe(
      'NOT_FACILITATOR',
    );
    const allowed = play(state, [['turn:driver-may-pass', { allowed: true }]]);
    expect(refusal(runCommand(allowed, 'turn:pass', {}, seedContext({ actorId: 'ann' })))).toBe('accepted');
    expect(refusal(runCommand(allowed, 'turn:pass', {}, seedContext({ actorId: 'bo' })))).toBe(
      'NOT_FACILITATOR',
    );
  });

  it('the facilitator reorders turns with people of the workshop only, each once', () => {
    const state = ready();
    expect(play(state, [['turn:reorder', { order: ['bo', 'fac', 'ann'] }]]).turnOrder).toEqual([
      'bo',
      'fac',
      'ann',
    ]);
    expect(refusal(runCommand(state, 'turn:reorder', { order: ['bo', 'bo'] }, seedContext()))).toBe(
      'BAD_ORDER',
    );
    expect(refusal(runCommand(state, 'turn:reorder', { order: ['zed'] }, seedContext()))).toBe('BAD_ORDER');
  });

  it('the driver reveals evidence one item at a time, stamped with the time since the turn began', () => {
    const state = play(ready(), [['turn:start', { participantId: 'ann' }]]);
    expect(refusal(runCommand(state, 'evidence:reveal', { index: 0 }, seedContext({ actorId: 'bo' })))).toBe(
      'NOT_DRIVER',
    );
    expect(refusal(runCommand(state, 'evidence:reveal', { index: 5 }, seedContext({ actorId: 'ann' })))).toBe(
      'NO_SUCH_EVIDENCE',
    );
    const revealed = play(state, [
      ['evidence:reveal', { index: 1 }, { actorId: 'ann', now: 1_065_000 }],
      ['evidence:reveal', { index: 1 }, { actorId: 'fac', now: 1_090_000 }],
    ]);
    expect(currentTurn(revealed)?.reveals).toEqual([
      { index: 1, kind: 'log', label: 'Log 1', body: 'log body 1', atMs: 65_000, by: 'ann' },
    ]);
  });
});

describe('roles', () => {
  it('the facilitator assigns the scribe and hands over the role; the room sees it', () => {
    const state = play(seedState(), [
      ['scribe:assign', { participantId: 'bo' }],
      ['role:hand', { participantId: 'ann' }],
    ]);
    expect(state.scribeId).toBe('bo');
    expect(state.facilitatorId).toBe('ann');
    expect(state.roleEvents.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['scribe', null, 'bo'],
      ['handed', 'fac', 'ann'],
    ]);
    expect(refusal(runCommand(state, 'timer:start', {}, seedContext({ actorId: 'fac' })))).toBe(
      'NOT_FACILITATOR',
    );
  });

  it('a participant may claim the role only once the facilitator has been gone long enough', () => {
    let state = trackFacilitatorPresence(seedState(), new Set(['ann']), 1_000_000);
    expect(state.facilitatorAwaySince).toBe(1_000_000);
    const early = runCommand(state, 'role:claim', {}, seedContext({ actorId: 'ann', now: 1_100_000 }));
    expect(refusal(early)).toBe('FACILITATOR_PRESENT');
    state = play(state, [['role:claim', {}, { actorId: 'ann', now: 1_180_000 }]]);
    expect(state.facilitatorId).toBe('ann');
    expect(state.roleEvents.at(-1)).toMatchObject({ kind: 'claimed', from: 'fac', to: 'ann' });
    // The former facilitator comes back as a participant: the role stays with the token that holds it.
    expect(trackFacilitatorPresence(state, new Set(['fac', 'ann']), 1_200_000).facilitatorId).toBe('ann');
  });
});

describe('votes', () => {
  const reflecting = () => seedState({ phase: 'reflect' });
  const actions = new Set(['a1', 'a2', 'a3', 'a4']);

  it('each participant has three votes in the reflect phase, one per action', () => {
    let state = reflecting();
    for (const actionId of ['a1', 'a2', 'a3', 'a1']) {
      state = play(state, [['vote:cast', { actionId }, { actorId: 'ann', actionIds: actions }]]);
    }
    expect(state.votes).toEqual({ a1: ['ann'], a2: ['ann'], a3: ['ann'] });
    const fourth = runCommand(
      state,
      'vote:cast',
      { actionId: 'a4' },
      seedContext({ actorId: 'ann', actionIds: actions }),
    );
    expect(refusal(fourth)).toBe('VOTES_USED');
    state = play(state, [
      ['vote:retract', { actionId: 'a2' }, { actorId: 'ann' }],
      ['vote:cast', { actionId: 'a4' }, { actorId: 'ann', actionIds: actions }],
    ]);
    expect(
      Object.entries(state.votes)
        .filter(([, v]) => v.includes('ann'))
        .map(([k]) => k),
    ).toEqual(['a1', 'a3', 'a4']);
  });

  it('refuses votes outside the reflect phase and for unknown actions', () => {
    expect(
      refusal(runCommand(seedState(), 'vote:cast', { actionId: 'a1' }, seedContext({ actionIds: actions }))),
    ).toBe('WRONG_PHASE');
    expect(
      refusal(runCommand(reflecting(), 'vote:cast', { actionId: 'zz' }, seedContext({ actionIds: actions }))),
    ).toBe('UNKNOWN_CARD');
  });
});

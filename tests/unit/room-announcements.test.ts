import { describe, expect, it } from 'vitest';
import { announcementsBetween, type RoomMoment } from '../../app/room/announcements';
import type { CommandName } from '../../server/contract/commands';
import { runCommand } from '../../server/domain/commands';
import type { WorkshopState } from '../../server/model/state';
import { seedContext, seedState } from '../helpers/domain';

const minute = 60_000;
const names: Record<string, string> = { fac: 'Fay', ann: 'Ann', bo: 'Bo' };
/** What Ann's screen hears. */
const ann = { meId: 'ann', nameOf: (id: string | null | undefined) => names[id ?? ''] ?? 'Someone' };

/** Runs one command as `actorId` at server time `now`, failing the test if it is refused. */
function act(state: WorkshopState, name: CommandName, payload: unknown, actorId = 'fac', now = 1_000_000) {
  const result = runCommand(state, name, payload as never, seedContext({ actorId, now }));
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.state;
}

/** The news between two states seen at the same moment. */
const between = (before: WorkshopState, after: WorkshopState, now = 1_000_000) =>
  announcementsBetween({ state: before, now }, { state: after, now }, ann);

describe('what the room announces', () => {
  it('says each draw by name, and "You" for the viewer, with who drew for whom', () => {
    const drawing = act(seedState(), 'phase:set', { phase: 'draw' });
    expect(between(seedState(), drawing)).toEqual(['The draw is open: everyone draws a card from the hat.']);
    const fayDrew = act(drawing, 'hat:draw', {});
    expect(between(drawing, fayDrew)).toEqual(['Fay drew ‘Card 1’']);
    const annDrew = act(fayDrew, 'hat:draw', {}, 'ann');
    expect(between(fayDrew, annDrew)).toEqual(['You drew ‘Card 2’']);
    const forBo = act(annDrew, 'hat:draw', { participantId: 'bo' });
    expect(between(annDrew, forBo)).toEqual(['Bo drew ‘Card 3’ (drawn by Fay)']);
    // Nothing changed, nothing said: a re-render or a new clock tick repeats nothing.
    expect(between(forBo, forBo)).toEqual([]);
  });

  it('says who drives when a turn starts or the laptop passes, and when nobody does', () => {
    let state = act(seedState(), 'phase:set', { phase: 'draw' });
    state = act(state, 'hat:draw', {});
    state = act(state, 'hat:draw', {}, 'ann');
    const started = act(state, 'turn:start', {});
    expect(between(state, started)).toEqual([
      'The investigation starts.',
      'Fay is driving now with ‘Card 1’',
    ]);
    const passed = act(started, 'turn:pass', {});
    expect(between(started, passed)).toEqual(['You are driving now with ‘Card 2’']);
    const ended = act(passed, 'turn:end', {});
    expect(between(passed, ended)).toEqual(['The turn has ended: nobody is driving.']);
    const reflecting = act(ended, 'phase:set', { phase: 'reflect' });
    expect(between(ended, reflecting)).toEqual([
      'Reflection: agree the actions, each with an owner and a due date, and vote for the ones that matter.',
    ]);
  });

  it('says role changes', () => {
    const state = seedState();
    const scribe = act(state, 'scribe:assign', { participantId: 'ann' });
    expect(between(state, scribe)).toEqual(['Ann is now the scribe']);
    const handed = act(scribe, 'role:hand', { participantId: 'bo' });
    expect(between(scribe, handed)).toEqual(['Fay handed the facilitator role to Bo']);
  });

  it('says the reflection moment, the last minute and the end of the clock once each, as they are crossed', () => {
    // 60 minutes with a 15-minute reserve, started at 0.
    const running = act(seedState(), 'timer:start', {}, 'fac', 0);
    const at = (now: number): RoomMoment => ({ state: running, now });
    const hear = (from: number, to: number) => announcementsBetween(at(from), at(to), ann);
    expect(hear(0, 44 * minute)).toEqual([]);
    expect(hear(44 * minute, 45 * minute)).toEqual([
      'Time to reflect: stop investigating and leave the remaining time to agree actions.',
    ]);
    expect(hear(45 * minute, 46 * minute)).toEqual([]);
    expect(hear(58 * minute, 59 * minute)).toEqual(['One minute left on the workshop clock.']);
    expect(hear(59 * minute, 59.5 * minute)).toEqual([]);
    expect(hear(59.5 * minute, 60 * minute)).toEqual(['Time is up on the workshop clock.']);
    expect(hear(60 * minute, 61 * minute)).toEqual([]);
    // A facilitator taking minutes off jumps over several moments: each is still said.
    const cut = act(running, 'timer:adjust', { minutes: -50 }, 'fac', 10 * minute);
    expect(
      announcementsBetween({ state: running, now: 10 * minute }, { state: cut, now: 10 * minute }, ann),
    ).toEqual([
      'Time to reflect: stop investigating and leave the remaining time to agree actions.',
      'Time is up on the workshop clock.',
    ]);
    // An idle clock says nothing, however its planned length compares.
    const idle = seedState();
    expect(announcementsBetween({ state: idle, now: 0 }, { state: idle, now: 59 * minute }, ann)).toEqual([]);
  });
});

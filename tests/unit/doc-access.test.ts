import { describe, expect, it } from 'vitest';
import type { DocKind } from '../../server/contract/vocabulary';
import { docAccess, senderOf } from '../../server/domain/doc-access';
import { seedState } from '../helpers/domain';

// seedState: the facilitator is `fac`; `sam` is made scribe below, `ann` is a participant.
const running = seedState({ phase: 'draw', scribeId: 'sam' });
const ended = seedState({ phase: 'ended', scribeId: 'sam' });
const who = { facilitator: 'fac', scribe: 'sam', participant: 'ann' } as const;

/** Who may write each document, while the workshop runs and once it ended. */
const expected: Record<DocKind, Record<keyof typeof who | 'anyoneEnded', boolean>> = {
  walls: { facilitator: true, scribe: true, participant: true, anyoneEnded: false },
  state: { facilitator: false, scribe: false, participant: false, anyoneEnded: false },
  log: { facilitator: true, scribe: true, participant: false, anyoneEnded: false },
};

describe('document write policy', () => {
  for (const kind of ['walls', 'state', 'log'] as const) {
    for (const role of Object.keys(who) as (keyof typeof who)[]) {
      it(`the ${role} ${expected[kind][role] ? 'may' : 'may not'} write the ${kind} while the workshop runs`, () => {
        expect(docAccess[kind].canWrite(running, who[role])).toBe(expected[kind][role]);
      });
    }
    it(`nobody writes the ${kind} once the workshop ended`, () => {
      for (const id of Object.values(who)) expect(docAccess[kind].canWrite(ended, id)).toBe(false);
    });
  }

  it('nobody writes the log before the state is loaded; the walls do not wait for it', () => {
    expect(docAccess.log.canWrite(undefined, 'fac')).toBe(false);
    expect(docAccess.walls.canWrite(undefined, 'ann')).toBe(true);
  });

  it('a write to the state closes the connection; a refused wall or log write is only dropped', () => {
    expect(docAccess.state.onRefusedWrite).toBe('close');
    expect(docAccess.walls.onRefusedWrite).toBe('ignore');
    expect(docAccess.log.onRefusedWrite).toBe('ignore');
  });

  it('the walls and the log pass their own content guard; the state has none', () => {
    expect(docAccess.walls.guard).toBe('walls');
    expect(docAccess.log.guard).toBe('log');
    expect(docAccess.state.guard).toBeUndefined();
  });

  it('a role handed over applies at once: the new scribe writes the log, the former one no longer', () => {
    const handedOver = { ...running, scribeId: 'ann' };
    expect(docAccess.log.canWrite(handedOver, 'ann')).toBe(true);
    expect(docAccess.log.canWrite(handedOver, 'sam')).toBe(false);
    expect(senderOf(handedOver, 'ann', 'Ann')).toEqual({
      id: 'ann',
      name: 'Ann',
      isFacilitator: false,
      isScribe: true,
    });
    expect(senderOf(handedOver, 'fac', 'Fay').isFacilitator).toBe(true);
  });
});

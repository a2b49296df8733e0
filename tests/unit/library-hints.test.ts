import { describe, expect, it } from 'vitest';
import type { CardHint } from '../../server/contract/team';
import { cardHints, summarizeReadiness } from '../../server/domain/library-hints';

const withHints = (...hints: CardHint[]) => ({ hints });

describe('library hints', () => {
  it('flags a card without evidence, a card never run and a card run in the last two workshops', () => {
    expect(cardHints({ evidenceCount: 0, runCount: 0, runRecently: false })).toEqual([
      'no-evidence',
      'never-run',
    ]);
    expect(cardHints({ evidenceCount: 2, runCount: 3, runRecently: true })).toEqual(['recently-run']);
    expect(cardHints({ evidenceCount: 2, runCount: 3, runRecently: false })).toEqual([]);
  });

  it('counts as ready only cards with evidence that the team did not see in the last two workshops', () => {
    const summary = summarizeReadiness({
      cards: [
        withHints(),
        withHints('never-run'),
        withHints('no-evidence', 'never-run'),
        withHints('recently-run'),
        withHints('no-evidence', 'recently-run'),
      ],
      teamExpected: 3,
      lastWorkshopParticipants: 7,
      starterDeckAvailable: 14,
    });
    expect(summary).toEqual({
      cards: 5,
      hintCounts: { 'no-evidence': 2, 'never-run': 2, 'recently-run': 2 },
      expectedParticipants: 3,
      expectedFrom: 'team',
      scenariosNeeded: 6,
      ready: 2,
      toWrite: 4,
      starterDeckAvailable: 14,
    });
  });

  it('expects as many people as came last time unless the admin says otherwise, and nobody without history', () => {
    const cards = Array.from({ length: 9 }, () => withHints());
    const fromLast = summarizeReadiness({
      cards,
      teamExpected: null,
      lastWorkshopParticipants: 4,
      starterDeckAvailable: 0,
    });
    expect(fromLast).toMatchObject({
      expectedParticipants: 4,
      expectedFrom: 'last-workshop',
      scenariosNeeded: 8,
      ready: 9,
      toWrite: 0,
    });
    const unknown = summarizeReadiness({
      cards,
      teamExpected: null,
      lastWorkshopParticipants: null,
      starterDeckAvailable: 0,
    });
    expect(unknown).toMatchObject({
      expectedParticipants: null,
      expectedFrom: null,
      scenariosNeeded: null,
      toWrite: null,
    });
  });
});

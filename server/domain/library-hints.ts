/**
 * Preparation hints for the scenario library: per card, and for the library against the rule of
 * thumb of two scenarios per person expected at the next workshop. Pure: the repository supplies the
 * facts (evidence, runs, head counts).
 */
import type { CardHint, LibraryCardView, LibraryReadiness } from '../contract/team';

/** Scenarios to prepare per expected participant (PRODUCT.md: "about two scenarios per participant"). */
export const SCENARIOS_PER_PERSON = 2;

/** What a card's hints are computed from. */
export interface CardFacts {
  evidenceCount: number;
  /** Ended workshops in which a turn was played with the card. */
  runCount: number;
  /** True when one of those is among the team's last two ended workshops. */
  runRecently: boolean;
}

/** A card's hints, in CARD_HINTS order. */
export function cardHints(facts: CardFacts): CardHint[] {
  const hints: CardHint[] = [];
  if (facts.evidenceCount === 0) hints.push('no-evidence');
  if (facts.runCount === 0) hints.push('never-run');
  if (facts.runRecently) hints.push('recently-run');
  return hints;
}

/** Ready for the next workshop: the driver has evidence to reveal and the team will not remember it. */
export function isReady(card: Pick<LibraryCardView, 'hints'>): boolean {
  return !card.hints.includes('no-evidence') && !card.hints.includes('recently-run');
}

/** What the library summary is computed from; `cards` are the active (not archived) cards. */
export interface ReadinessFacts {
  cards: Pick<LibraryCardView, 'hints'>[];
  /** The number the admin set, if any. */
  teamExpected: number | null;
  /** Head count of the team's last ended workshop, facilitator included; null without one. */
  lastWorkshopParticipants: number | null;
  starterDeckAvailable: number;
}

/** Counts the hints and sets the ready cards against two per expected person. */
export function summarizeReadiness(facts: ReadinessFacts): LibraryReadiness {
  const hintCounts: Record<CardHint, number> = { 'no-evidence': 0, 'never-run': 0, 'recently-run': 0 };
  for (const card of facts.cards) for (const hint of card.hints) hintCounts[hint] += 1;
  const ready = facts.cards.filter(isReady).length;
  const fromLast = facts.lastWorkshopParticipants ? facts.lastWorkshopParticipants : null;
  const expectedParticipants = facts.teamExpected ?? fromLast;
  const expectedFrom = facts.teamExpected !== null ? 'team' : fromLast !== null ? 'last-workshop' : null;
  const scenariosNeeded = expectedParticipants === null ? null : expectedParticipants * SCENARIOS_PER_PERSON;
  return {
    cards: facts.cards.length,
    hintCounts,
    expectedParticipants,
    expectedFrom,
    scenariosNeeded,
    ready,
    toWrite: scenariosNeeded === null ? null : Math.max(0, scenariosNeeded - ready),
    starterDeckAvailable: facts.starterDeckAvailable,
  };
}

import type { Card, CommandContext } from '../../server/domain/context';
import { initialState, type WorkshopState } from '../../server/model/state';
import { numberedCards } from './deck';

/** The numbered deck (tests/helpers/deck.ts) of `n` cards by id c1..cn, as the domain holds it. */
export function seedDeck(n: number): Map<string, Card> {
  return new Map(numberedCards(n).map((card, i) => [`c${i + 1}`, { id: `c${i + 1}`, ...card }]));
}

/** A deterministic context: fixed clock, predictable ids, random source that can be steered. */
let lastId = 0;

export function seedContext(overrides: Partial<CommandContext> = {}): CommandContext {
  const members = new Map(['fac', 'ann', 'bo', 'cy'].map((m) => [m, { id: m, name: m }]));
  return {
    actorId: 'fac',
    now: 1_000_000,
    randomInt: () => 0,
    newId: () => `id${++lastId}`,
    deck: seedDeck(8),
    members,
    online: new Set(members.keys()),
    actionIds: new Set(),
    claimAfterMs: 180_000,
    ...overrides,
  };
}

/** A fresh workshop led by `fac`: 60 minutes with a 15-minute reflection reserve. */
export function seedState(overrides: Partial<WorkshopState> = {}): WorkshopState {
  return {
    ...initialState({ facilitatorId: 'fac', durationMinutes: 60, reflectionMinutes: 15 }),
    ...overrides,
  };
}

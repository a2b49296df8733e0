import type { Card, CommandContext } from '../../server/domain/context';
import { initialState, type WorkshopState } from '../../server/model/state';

/** A deck of `n` cards, each with two evidence items. */
export function seedDeck(n: number): Map<string, Card> {
  const deck = new Map<string, Card>();
  for (let i = 1; i <= n; i++) {
    deck.set(`c${i}`, {
      id: `c${i}`,
      title: `Card ${i}`,
      summary: `Summary ${i}`,
      evidence: [
        { kind: 'alert', label: `Alert ${i}`, body: `alert body ${i}` },
        { kind: 'log', label: `Log ${i}`, body: `log body ${i}` },
      ],
    });
  }
  return deck;
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

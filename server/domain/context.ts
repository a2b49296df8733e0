import type { EvidenceItem } from '../contract/http-workshop';

/** A scenario card with its back (the evidence); only the server sees the back before reveals. */
export interface Card {
  id: string;
  title: string;
  summary: string;
  evidence: EvidenceItem[];
}

/** What a command may know besides the state, injected so the domain stays pure and testable. */
export interface CommandContext {
  /** The participant sending the command. */
  actorId: string;
  /** Server time. */
  now: number;
  /** Uniform random integer in [0, max): crypto.randomInt on the server. */
  randomInt: (max: number) => number;
  newId: () => string;
  /** Every card of the workshop, by id. */
  deck: ReadonlyMap<string, Card>;
  /** Everyone admitted to the workshop, by id. */
  members: ReadonlyMap<string, { id: string; name: string }>;
  /** Who has a live connection now. */
  online: ReadonlySet<string>;
  /** Ids of the post-its on the Actions wall (the things one may vote for). */
  actionIds: ReadonlySet<string>;
  /** How long the facilitator must be gone before anyone may claim the role. */
  claimAfterMs: number;
  /** Id chosen for a card being added on the spot. */
  newCardId?: string;
}

import type { z } from 'zod';
import type { CommandName, commandSchemas } from '../contract/commands';
import type { Card } from '../domain/context';
import { generateId } from '../domain/tokens';
import type { WorkshopReads } from './outage-cache';
import type { RoomTeams, RoomWorkshops, TeamChanges } from './ports';

/** The payload of command `N` as its schema parsed it. */
export type Payload<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;

/** What an effect may use. */
export interface EffectDeps {
  workshops: RoomWorkshops;
  teams: RoomTeams;
  teamChanges: TeamChanges;
  reads: WorkshopReads;
}

/** The command being prepared, with the deck its trial and its run will see. */
export interface EffectInput<N extends CommandName> {
  workshopId: string;
  payload: Payload<N>;
  /** The workshop's cards as read for this command; an effect may add the card it creates. */
  deck: Map<string, Card>;
  /** How many cards the workshop had (the new card's position). */
  cardCount: number;
}

/** An effect ready to run once the command's trial on the current state passed. */
export interface PreparedEffect {
  /** The id the command gives the card it adds. */
  newCardId?: string;
  /** Writes the table; throws when it could not. */
  write(): Promise<void>;
}

/** A command that also writes a table, besides the state. */
export interface CommandEffect<N extends CommandName> {
  /** Why the command is refused while the database is away. */
  needsDatabase: string;
  prepare(input: EffectInput<N>, deps: EffectDeps): Promise<PreparedEffect>;
}

/** Refusal of a command whose effect could not be written while the database is away. */
export const needsDatabaseDefault = 'The database is not answering: try again in a minute.';

/**
 * The per-command effects, as a table: a command not listed only changes the state. Each is first
 * tried against the current state (by the room), so a refused command writes nothing.
 */
export const commandEffects: { [N in CommandName]?: CommandEffect<N> } = {
  'hat:add-card': {
    needsDatabase:
      'The database is not answering, and a new card has to be saved there: try again in a minute. Everything else keeps working.',
    async prepare({ workshopId, payload, deck, cardCount }, { workshops, reads }) {
      const card = { id: generateId(), ...payload };
      deck.set(card.id, card);
      return {
        newCardId: card.id,
        async write() {
          await workshops.insertScenario({ workshopId, position: cardCount, ...card });
          // Kept at once: a draw during an outage that starts now must still find this card.
          const kept = reads.knownCards(workshopId);
          if (kept && !kept.some((c) => c.id === card.id))
            reads.remember(workshopId, 'cards', [...kept, card]);
        },
      };
    },
  },
  'review:set-status': {
    needsDatabase:
      'The database is not answering, and the action tracker lives there: try again in a minute. Everything else keeps working.',
    async prepare({ workshopId, payload }, { teams, teamChanges, reads }) {
      const { actionId, status } = payload;
      const teamId = await reads.teamId(workshopId);
      return {
        async write() {
          if (!teamId || !(await teams.updateAction(teamId, actionId, { status }))) {
            throw new Error(`action ${actionId} is not in the tracker of workshop ${workshopId}`);
          }
          teamChanges.announce(teamId, ['actions']);
        },
      };
    },
  },
};

import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { participants, scenarios, workshops } from '../../db/schema';

/** A workshop row with its cards and people. */
export type WorkshopRow = typeof workshops.$inferSelect;
/** A participant row (the facilitator is one too). */
export type ParticipantRow = typeof participants.$inferSelect;
/** A scenario card row. */
export type ScenarioRow = typeof scenarios.$inferSelect;

/** What creating a workshop writes, all in one transaction. */
export interface NewWorkshop {
  workshop: typeof workshops.$inferInsert;
  facilitator: typeof participants.$inferInsert;
  scenarios: (typeof scenarios.$inferInsert)[];
}

/** SQL for workshops and their participants; the only code that touches those tables. */
export class WorkshopRepository {
  constructor(private readonly db: Db) {}

  /** Writes a workshop, its facilitator and its cards atomically: all or nothing. */
  async insertWorkshop(input: NewWorkshop): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(workshops).values(input.workshop);
      await tx.insert(participants).values(input.facilitator);
      if (input.scenarios.length > 0) await tx.insert(scenarios).values(input.scenarios);
    });
  }

  /** The workshop row, or undefined. */
  async findWorkshop(id: string): Promise<WorkshopRow | undefined> {
    const rows = await this.db.select().from(workshops).where(eq(workshops.id, id)).limit(1);
    return rows[0];
  }

  /**
   * The participant of this workshop holding the token with this hash. Looking up by SHA-256 leaks
   * nothing useful through timing: an attacker cannot steer the hash of a guess.
   */
  async findParticipantByTokenHash(
    workshopId: string,
    tokenHash: Uint8Array,
  ): Promise<ParticipantRow | undefined> {
    const rows = await this.db
      .select()
      .from(participants)
      .where(and(eq(participants.workshopId, workshopId), eq(participants.tokenHash, tokenHash)))
      .limit(1);
    return rows[0];
  }

  /** Adds a card written on the spot to a workshop's deck. */
  async insertScenario(row: typeof scenarios.$inferInsert): Promise<void> {
    await this.db.insert(scenarios).values(row);
  }

  /** The participant holding the token with this hash, in any workshop. */
  async findParticipantByToken(tokenHash: Uint8Array): Promise<ParticipantRow | undefined> {
    const rows = await this.db
      .select()
      .from(participants)
      .where(eq(participants.tokenHash, tokenHash))
      .limit(1);
    return rows[0];
  }

  /**
   * Adds a participant unless the workshop already has `max` of them (the facilitator not counted);
   * false when full. The workshop row is locked first, so concurrent joins count one after another
   * and never admit more than `max` (PostgreSQL and PGlite alike).
   */
  async insertParticipantWithin(row: typeof participants.$inferInsert, max: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx
        .select({ id: workshops.id })
        .from(workshops)
        .where(eq(workshops.id, row.workshopId))
        .for('update');
      const [joined] = await tx
        .select({ n: count() })
        .from(participants)
        .where(and(eq(participants.workshopId, row.workshopId), eq(participants.role, 'participant')));
      if ((joined?.n ?? 0) >= max) return false;
      await tx.insert(participants).values(row);
      return true;
    });
  }

  async listParticipants(workshopId: string): Promise<ParticipantRow[]> {
    return this.db
      .select()
      .from(participants)
      .where(eq(participants.workshopId, workshopId))
      .orderBy(asc(participants.createdAt), asc(participants.id));
  }

  async listScenarios(workshopId: string): Promise<ScenarioRow[]> {
    return this.db
      .select()
      .from(scenarios)
      .where(eq(scenarios.workshopId, workshopId))
      .orderBy(asc(scenarios.position));
  }
}

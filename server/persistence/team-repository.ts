import { and, asc, count, desc, eq, inArray, isNotNull, isNull, max, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  actions,
  images,
  libraryCards,
  participants,
  scenarios,
  teams,
  workshops,
  workshopTurns,
} from '../../db/schema';
import type { ActionView, LibraryCardInput, LibraryCardView, TeamWorkshopView } from '../contract/team';
import { ACTION_STATUSES, OPEN_ACTION_STATUSES } from '../contract/vocabulary';
import { cardHints } from '../domain/library-hints';

/** Actions sort by status in ACTION_STATUSES order (the constants are ours, so inlined as literals). */
const statusOrder = sql`case ${actions.status} ${sql.raw(
  ACTION_STATUSES.map((status, i) => `when '${status}' then ${i}`).join(' '),
)} end`;

/** A team row. */
export type TeamRow = typeof teams.$inferSelect;

/** SQL for teams, their library, images and action tracker: the only code touching those tables. */
export class TeamRepository {
  constructor(private readonly db: Db) {}

  async insertTeam(row: typeof teams.$inferInsert): Promise<void> {
    await this.db.insert(teams).values(row);
  }

  async findTeam(id: string): Promise<TeamRow | undefined> {
    const [row] = await this.db.select().from(teams).where(eq(teams.id, id)).limit(1);
    return row;
  }

  async updateTeam(
    id: string,
    fields: Partial<Pick<TeamRow, 'name' | 'nextWorkshopAt' | 'recurrence' | 'expectedParticipants'>>,
  ): Promise<void> {
    if (Object.keys(fields).length > 0) await this.db.update(teams).set(fields).where(eq(teams.id, id));
  }

  /**
   * The library with, per card, how many ended workshops ran it, when the last one ended, and whether
   * one of the team's last two ended workshops ran it; hints follow from those.
   */
  async listCards(teamId: string, includeArchived: boolean): Promise<LibraryCardView[]> {
    const ended = alias(workshops, 'ended');
    const lastTwo = this.db
      .select({ id: ended.id })
      .from(ended)
      .where(and(eq(ended.teamId, teamId), isNotNull(ended.endedAt)))
      .orderBy(desc(ended.endedAt), desc(ended.id))
      .limit(2);
    const runs = this.db
      .select({
        cardId: scenarios.libraryCardId,
        runCount: sql<number>`count(distinct ${workshops.id})`.as('run_count'),
        lastRunAt: max(workshops.endedAt).as('last_run_at'),
        recentRuns:
          sql<number>`count(distinct ${workshops.id}) filter (where ${workshops.id} in ${lastTwo})`.as(
            'recent_runs',
          ),
      })
      .from(scenarios)
      .innerJoin(workshops, eq(workshops.id, scenarios.workshopId))
      // A card counts as run when a turn was played with it in a workshop that ended.
      .innerJoin(workshopTurns, eq(workshopTurns.scenarioId, scenarios.id))
      .where(eq(workshops.teamId, teamId))
      .groupBy(scenarios.libraryCardId)
      .as('runs');
    const rows = await this.db
      .select({
        card: libraryCards,
        runCount: runs.runCount,
        lastRunAt: runs.lastRunAt,
        recentRuns: runs.recentRuns,
      })
      .from(libraryCards)
      .leftJoin(runs, eq(runs.cardId, libraryCards.id))
      .where(
        and(eq(libraryCards.teamId, teamId), includeArchived ? undefined : isNull(libraryCards.archivedAt)),
      )
      .orderBy(asc(libraryCards.title), asc(libraryCards.id));
    return rows.map(({ card, runCount, lastRunAt, recentRuns }) => ({
      id: card.id,
      title: card.title,
      summary: card.summary,
      tags: card.tags,
      severity: card.severity,
      happenedOn: card.happenedOn,
      evidence: card.evidence as LibraryCardView['evidence'],
      archived: card.archivedAt !== null,
      runCount: Number(runCount ?? 0),
      lastRunAt: lastRunAt ? new Date(lastRunAt as unknown as string).toISOString() : null,
      hints: cardHints({
        evidenceCount: card.evidence.length,
        runCount: Number(runCount ?? 0),
        runRecently: Number(recentRuns ?? 0) > 0,
      }),
      updatedAt: card.updatedAt.toISOString(),
    }));
  }

  /**
   * Inserts the cards whose title the team's library (archived cards included) does not hold yet, and
   * returns how many it inserted. The team row is locked meanwhile, so two concurrent calls cannot
   * both find a title missing and add it twice.
   */
  async insertCardsWithNewTitles(
    teamId: string,
    rows: (typeof libraryCards.$inferInsert)[],
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
      const titles = await cardTitlesIn(tx, teamId);
      const fresh = rows.filter((row) => !titles.has(row.title));
      if (fresh.length > 0) await tx.insert(libraryCards).values(fresh);
      return fresh.length;
    });
  }

  /** Titles of every card of the team, archived ones included. */
  cardTitles(teamId: string): Promise<Set<string>> {
    return cardTitlesIn(this.db, teamId);
  }

  /** How many people (facilitator included) were at the team's last ended workshop; null without one. */
  async lastWorkshopHeadCount(teamId: string): Promise<number | null> {
    const [row] = await this.db
      .select({
        people: sql<number>`(select count(*) from ${participants} p where p.workshop_id = ${workshops}.id)`,
      })
      .from(workshops)
      .where(and(eq(workshops.teamId, teamId), isNotNull(workshops.endedAt)))
      .orderBy(desc(workshops.endedAt), desc(workshops.id))
      .limit(1);
    return row ? Number(row.people) : null;
  }

  /** Cards of this team with these ids (others are ignored). */
  async findCards(teamId: string, ids: string[]): Promise<(typeof libraryCards.$inferSelect)[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(libraryCards)
      .where(and(eq(libraryCards.teamId, teamId), inArray(libraryCards.id, ids)));
  }

  /** Inserts cards in one statement: an import lands whole or not at all. */
  async insertCards(rows: (typeof libraryCards.$inferInsert)[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(libraryCards).values(rows);
  }

  /** Writes an import's images and cards in one transaction: all of it or nothing. */
  async insertImport(
    imageRows: (typeof images.$inferInsert)[],
    cardRows: (typeof libraryCards.$inferInsert)[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (imageRows.length > 0) await tx.insert(images).values(imageRows);
      if (cardRows.length > 0) await tx.insert(libraryCards).values(cardRows);
    });
  }

  /** Replaces a card's content; false when the team has no such card. */
  async updateCard(teamId: string, id: string, input: LibraryCardInput): Promise<boolean> {
    const rows = await this.db
      .update(libraryCards)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(libraryCards.teamId, teamId), eq(libraryCards.id, id)))
      .returning({ id: libraryCards.id });
    return rows.length > 0;
  }

  async setArchived(teamId: string, id: string, archived: boolean): Promise<boolean> {
    const rows = await this.db
      .update(libraryCards)
      .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(libraryCards.teamId, teamId), eq(libraryCards.id, id)))
      .returning({ id: libraryCards.id });
    return rows.length > 0;
  }

  async insertImage(row: typeof images.$inferInsert): Promise<void> {
    await this.db.insert(images).values(row);
  }

  async findImage(id: string): Promise<typeof images.$inferSelect | undefined> {
    const [row] = await this.db.select().from(images).where(eq(images.id, id)).limit(1);
    return row;
  }

  /** Which of these image ids belong to the team. */
  async existingImageIds(teamId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: images.id })
      .from(images)
      .where(and(eq(images.teamId, teamId), inArray(images.id, ids)));
    return new Set(rows.map((r) => r.id));
  }

  /** The team's workshops, newest first, with head counts. */
  async listWorkshops(teamId: string): Promise<TeamWorkshopView[]> {
    const rows = await this.db
      .select({
        id: workshops.id,
        title: workshops.title,
        createdAt: workshops.createdAt,
        endedAt: workshops.endedAt,
        participantCount: sql<number>`(select count(*) from ${participants} p where p.workshop_id = ${workshops}.id)`,
        actionCount: sql<number>`(select count(*) from ${actions} a where a.workshop_id = ${workshops}.id)`,
      })
      .from(workshops)
      .where(eq(workshops.teamId, teamId))
      .orderBy(desc(workshops.createdAt));
    return rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      endedAt: r.endedAt?.toISOString() ?? null,
      participantCount: Number(r.participantCount),
      actionCount: Number(r.actionCount),
    }));
  }

  /** Every action of the team's workshops, open ones first, then by due date. */
  async listActions(
    teamId: string,
    options: { openOnly?: boolean; excludeWorkshopId?: string } = {},
  ): Promise<ActionView[]> {
    const rows = await this.db
      .select({ action: actions, workshopTitle: workshops.title, scenarioTitle: scenarios.title })
      .from(actions)
      .innerJoin(workshops, eq(workshops.id, actions.workshopId))
      .leftJoin(scenarios, eq(scenarios.id, actions.scenarioId))
      .where(
        and(
          eq(workshops.teamId, teamId),
          options.openOnly ? inArray(actions.status, [...OPEN_ACTION_STATUSES]) : undefined,
          options.excludeWorkshopId ? ne(actions.workshopId, options.excludeWorkshopId) : undefined,
        ),
      )
      .orderBy(
        statusOrder,
        sql`${actions.dueDate} asc nulls last`,
        desc(actions.votes),
        asc(actions.createdAt),
      );
    return rows.map(({ action, workshopTitle, scenarioTitle }) => ({
      id: action.id,
      text: action.text,
      ownerName: action.ownerName,
      dueDate: action.dueDate,
      priority: action.priority,
      votes: action.votes,
      status: action.status,
      workshopId: action.workshopId,
      workshopTitle,
      scenarioTitle: scenarioTitle ?? null,
      createdAt: action.createdAt.toISOString(),
    }));
  }

  /** Updates an action of the team; false when the team has no such action. */
  async updateAction(
    teamId: string,
    id: string,
    fields: Partial<Pick<typeof actions.$inferInsert, 'status' | 'text' | 'ownerName' | 'dueDate'>>,
  ): Promise<boolean> {
    const owned = this.db.select({ id: workshops.id }).from(workshops).where(eq(workshops.teamId, teamId));
    const rows = await this.db
      .update(actions)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(actions.id, id), inArray(actions.workshopId, owned)))
      .returning({ id: actions.id });
    return rows.length > 0;
  }

  /** Per month the actions were created: how many, and how many are done now. */
  async actionCompletion(teamId: string): Promise<{ month: string; total: number; done: number }[]> {
    const month = sql<string>`to_char(${actions.createdAt} at time zone 'UTC', 'YYYY-MM')`;
    const rows = await this.db
      .select({
        month,
        total: count(actions.id),
        done: sql<number>`count(*) filter (where ${actions.status} = 'done')`,
      })
      .from(actions)
      .innerJoin(workshops, eq(workshops.id, actions.workshopId))
      .where(eq(workshops.teamId, teamId))
      .groupBy(month)
      .orderBy(month);
    return rows.map((r) => ({ month: r.month, total: Number(r.total), done: Number(r.done) }));
  }
}

async function cardTitlesIn(db: Db, teamId: string): Promise<Set<string>> {
  const rows = await db
    .select({ title: libraryCards.title })
    .from(libraryCards)
    .where(eq(libraryCards.teamId, teamId));
  return new Set(rows.map((row) => row.title));
}

import { and, asc, desc, eq, isNotNull, isNull, max, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { libraryCards, scenarios, workshops, workshopTurns } from '../../db/schema';
import type { LibraryCardView } from '../contract/team';
import { cardHints } from '../domain/library-hints';

/**
 * A team's library cards with their run counts, last run and hints, in one query: a card counts as
 * run when a turn was played with it in a workshop that ended, and as run recently when one of the
 * team's last two ended workshops ran it.
 */
export async function listLibraryCards(
  db: Db,
  teamId: string,
  includeArchived: boolean,
): Promise<LibraryCardView[]> {
  const ended = alias(workshops, 'ended');
  const lastTwo = db
    .select({ id: ended.id })
    .from(ended)
    .where(and(eq(ended.teamId, teamId), isNotNull(ended.endedAt)))
    .orderBy(desc(ended.endedAt), desc(ended.id))
    .limit(2);
  const runs = db
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
  const rows = await db
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

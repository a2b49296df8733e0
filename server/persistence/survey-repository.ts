import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { surveyBallots, surveyReceipts, surveyTallies } from '../../db/schema';

/** Counts per month and score, as the close wrote them. */
export interface SurveyTally {
  month: string;
  score: number;
  count: number;
}

/**
 * SQL for the confidence survey: receipts (who may not answer twice), sealed ballots and the tallies
 * written at a month's close. Nothing here sees a score in clear except `closeMonths`, which opens a
 * whole batch at once through the `open` it is given.
 */
export class SurveyRepository {
  constructor(private readonly db: Db) {}

  /** The receipt of one answer, alone in its transaction; refused when this key answered this month. */
  async recordReceipt(teamId: string, month: string, keyHash: Uint8Array): Promise<boolean> {
    const inserted = await this.db
      .insert(surveyReceipts)
      .values({ teamId, month, keyHash })
      .onConflictDoNothing()
      .returning({ month: surveyReceipts.month });
    return inserted.length > 0;
  }

  /** Takes a receipt back when its ballot could not be written, so the person may answer again. */
  async forgetReceipt(teamId: string, month: string, keyHash: Uint8Array): Promise<void> {
    await this.db
      .delete(surveyReceipts)
      .where(
        and(
          eq(surveyReceipts.teamId, teamId),
          eq(surveyReceipts.month, month),
          eq(surveyReceipts.keyHash, keyHash),
        ),
      );
  }

  /** One sealed ballot, in its own transaction, under a random id. */
  async castBallot(teamId: string, month: string, sealed: Uint8Array): Promise<void> {
    await this.db.insert(surveyBallots).values({ id: randomUUID(), teamId, month, sealed });
  }

  /**
   * Closes every month of the team before `openMonth` that still holds ballots. Per month, in one
   * transaction: the ballots are deleted (their row locks make a concurrent close wait, then find
   * none), and when there are at least `minBallots` they are opened together and the five score rows
   * written; fewer are dropped unopened. Then the ballots' table is vacuumed, so their dead versions
   * leave the heap. Returns the months closed.
   */
  async closeMonths(
    teamId: string,
    openMonth: string,
    minBallots: number,
    open: (month: string, sealed: Uint8Array) => number,
  ): Promise<string[]> {
    const due = await this.db
      .selectDistinct({ month: surveyBallots.month })
      .from(surveyBallots)
      .where(and(eq(surveyBallots.teamId, teamId), lt(surveyBallots.month, openMonth)));
    const closed: string[] = [];
    for (const { month } of due) {
      const isClosed = await this.db.transaction(async (tx) => {
        const ballots = await tx
          .delete(surveyBallots)
          .where(and(eq(surveyBallots.teamId, teamId), eq(surveyBallots.month, month)))
          .returning({ sealed: surveyBallots.sealed });
        if (ballots.length < minBallots) return ballots.length > 0;
        const counts = [0, 0, 0, 0, 0];
        for (const ballot of ballots) {
          const score = open(month, ballot.sealed);
          if (!(score >= 1 && score <= 5)) throw new Error(`a ${month} ballot opened to no score`);
          counts[score - 1]! += 1;
        }
        // Months tallied before sealing existed (or a batch that arrived late) add up in one write.
        await tx
          .insert(surveyTallies)
          .values(counts.map((n, i) => ({ teamId, month, score: i + 1, count: n })))
          .onConflictDoUpdate({
            target: [surveyTallies.teamId, surveyTallies.month, surveyTallies.score],
            set: { count: sql`${surveyTallies.count} + excluded.count` },
          });
        return true;
      });
      if (isClosed) closed.push(month);
    }
    if (closed.length > 0) await this.db.execute(sql`vacuum survey_ballots`);
    return closed;
  }

  /** Counts per month and score of the closed months. */
  async tallies(teamId: string): Promise<SurveyTally[]> {
    return this.db
      .select({ month: surveyTallies.month, score: surveyTallies.score, count: surveyTallies.count })
      .from(surveyTallies)
      .where(eq(surveyTallies.teamId, teamId))
      .orderBy(asc(surveyTallies.month), asc(surveyTallies.score));
  }

  /** How many answered each month: receipts, which hold no score. */
  async receiptCounts(teamId: string): Promise<{ month: string; answers: number }[]> {
    const rows = await this.db
      .select({ month: surveyReceipts.month, answers: count() })
      .from(surveyReceipts)
      .where(eq(surveyReceipts.teamId, teamId))
      .groupBy(surveyReceipts.month);
    return rows.map((r) => ({ month: r.month, answers: Number(r.answers) }));
  }
}

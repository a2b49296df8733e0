import { and, asc, desc, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  actions,
  announcements,
  surveyTallies,
  teams,
  teamWebhooks,
  workshopJoinLinks,
  workshops,
} from '../../db/schema';
import type { WebhookFailure } from '../contract/notify';
import { OPEN_ACTION_STATUSES } from '../contract/vocabulary';

/** A webhook row. */
export type WebhookRow = typeof teamWebhooks.$inferSelect;

/** An open action past its due date, as an overdue announcement lists it. */
export interface OverdueAction {
  id: string;
  teamId: string;
  text: string;
  ownerName: string | null;
  dueDate: string;
}

/** SQL for webhooks, announcements, kept join links and the calendar secret: the only code touching them. */
export class NotifyRepository {
  constructor(private readonly db: Db) {}

  async listWebhooks(teamId: string): Promise<WebhookRow[]> {
    return this.db
      .select()
      .from(teamWebhooks)
      .where(eq(teamWebhooks.teamId, teamId))
      .orderBy(asc(teamWebhooks.createdAt), asc(teamWebhooks.id));
  }

  async findWebhook(id: string): Promise<WebhookRow | undefined> {
    const [row] = await this.db.select().from(teamWebhooks).where(eq(teamWebhooks.id, id)).limit(1);
    return row;
  }

  /**
   * Adds a webhook unless the team already has `limit`; false when it has. The count and the insert
   * run in one transaction under a lock on the team row, so two admins adding at once cannot pass it.
   */
  async insertWebhook(row: typeof teamWebhooks.$inferInsert, limit: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from ${teams} where ${teams.id} = ${row.teamId} for update`);
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(teamWebhooks)
        .where(eq(teamWebhooks.teamId, row.teamId));
      if (Number(n) >= limit) return false;
      await tx.insert(teamWebhooks).values(row);
      return true;
    });
  }

  /** Removes a webhook of the team; false when the team has no such webhook. */
  async deleteWebhook(teamId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(teamWebhooks)
      .where(and(eq(teamWebhooks.teamId, teamId), eq(teamWebhooks.id, id)))
      .returning({ id: teamWebhooks.id });
    return rows.length > 0;
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    await this.db.update(teamWebhooks).set({ lastDeliveredAt: at }).where(eq(teamWebhooks.id, id));
  }

  async markFailed(id: string, failure: WebhookFailure): Promise<void> {
    await this.db.update(teamWebhooks).set({ lastFailure: failure }).where(eq(teamWebhooks.id, id));
  }

  /** Whether an announcement key was already handed to the queue. */
  async isAnnounced(key: string): Promise<boolean> {
    const [row] = await this.db
      .select({ key: announcements.key })
      .from(announcements)
      .where(eq(announcements.key, key))
      .limit(1);
    return row !== undefined;
  }

  /** Records that an announcement went to the queue (a repeat changes nothing). */
  async markAnnounced(key: string, teamId: string): Promise<void> {
    await this.db.insert(announcements).values({ key, teamId }).onConflictDoNothing();
  }

  /** Forgets announcement keys older than `days` (a day's key is never asked for after it). */
  async pruneAnnouncements(days: number): Promise<void> {
    await this.db
      .delete(announcements)
      .where(lt(announcements.createdAt, sql`now() - make_interval(days => ${days})`));
  }

  /** Teams that have at least one webhook, with their schedule. */
  async teamsWithWebhooks(): Promise<(typeof teams.$inferSelect)[]> {
    const withHooks = this.db.selectDistinct({ id: teamWebhooks.teamId }).from(teamWebhooks);
    return this.db.select().from(teams).where(inArray(teams.id, withHooks));
  }

  /** Open actions of these teams due before `today` (yyyy-mm-dd), oldest due first. */
  async overdueActions(teamIds: string[], today: string): Promise<OverdueAction[]> {
    if (teamIds.length === 0) return [];
    const rows = await this.db
      .select({
        id: actions.id,
        teamId: workshops.teamId,
        text: actions.text,
        ownerName: actions.ownerName,
        dueDate: actions.dueDate,
      })
      .from(actions)
      .innerJoin(workshops, eq(workshops.id, actions.workshopId))
      .where(
        and(
          inArray(workshops.teamId, teamIds),
          inArray(actions.status, [...OPEN_ACTION_STATUSES]),
          isNotNull(actions.dueDate),
          lt(actions.dueDate, today),
        ),
      )
      .orderBy(asc(actions.dueDate), asc(actions.id));
    return rows.map((r) => ({ ...r, teamId: r.teamId!, dueDate: r.dueDate! }));
  }

  /** Counts per score of one survey month. */
  async surveyMonth(teamId: string, month: string): Promise<{ score: number; count: number }[]> {
    return this.db
      .select({ score: surveyTallies.score, count: surveyTallies.count })
      .from(surveyTallies)
      .where(and(eq(surveyTallies.teamId, teamId), eq(surveyTallies.month, month)));
  }

  /** Keeps the join link of a team's new workshop, for its reminder. */
  async keepJoinLink(workshopId: string, teamId: string, url: string): Promise<void> {
    await this.db.insert(workshopJoinLinks).values({ workshopId, teamId, url }).onConflictDoNothing();
  }

  /** The join link of the team's newest workshop that has not ended, if one was kept. */
  async openJoinLink(teamId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ url: workshopJoinLinks.url })
      .from(workshopJoinLinks)
      .innerJoin(workshops, eq(workshops.id, workshopJoinLinks.workshopId))
      .where(and(eq(workshopJoinLinks.teamId, teamId), ne(workshops.phase, 'ended')))
      .orderBy(desc(workshops.createdAt))
      .limit(1);
    return row?.url;
  }

  async forgetJoinLink(workshopId: string): Promise<void> {
    await this.db.delete(workshopJoinLinks).where(eq(workshopJoinLinks.workshopId, workshopId));
  }

  /** The team's calendar secret, made now if it has none yet. */
  async calendarSecret(teamId: string, fresh: string): Promise<string | undefined> {
    await this.db
      .update(teams)
      .set({ calendarSecret: fresh })
      .where(and(eq(teams.id, teamId), sql`${teams.calendarSecret} is null`));
    const [row] = await this.db
      .select({ secret: teams.calendarSecret })
      .from(teams)
      .where(eq(teams.id, teamId));
    return row?.secret ?? undefined;
  }

  /** Replaces the team's calendar secret: the old feed URL stops working at once. */
  async rotateCalendarSecret(teamId: string, fresh: string): Promise<void> {
    await this.db.update(teams).set({ calendarSecret: fresh }).where(eq(teams.id, teamId));
  }

  /** The planned length of the team's newest workshop, for calendar events. */
  async latestDurationMinutes(teamId: string): Promise<number | undefined> {
    const [row] = await this.db
      .select({ minutes: workshops.durationMinutes })
      .from(workshops)
      .where(eq(workshops.teamId, teamId))
      .orderBy(desc(workshops.createdAt))
      .limit(1);
    return row?.minutes;
  }
}

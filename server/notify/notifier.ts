import { createHash } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { WorkshopSummary } from '../contract/http-workshop';
import type { NoteWall } from '../contract/vocabulary';
import type { NotifyRepository, OverdueAction, WebhookRow } from '../persistence/notify-repository';
import type { TeamRepository } from '../persistence/team-repository';
import {
  type Announcement,
  overdueActions,
  surveyOpen,
  testMessage,
  workshopReminder,
  workshopSummary,
} from './announcement';
import { renderBody } from './formats';
import { DeliveryError, type PostOptions, postWebhook } from './post-webhook';

/** Settings of the notifier, from the environment (see README). */
export interface NotifyConfig {
  /** How often reminders, overdue actions and the survey opening are looked for, s. Default 60. */
  scanSeconds: number;
  /** Retries of a failed post before its job ends failed. Default 5. */
  retryLimit: number;
  /** First retry delay, s; doubled each time (with jitter). Default 30. */
  retryDelaySeconds: number;
  /** Outbound request limits. */
  post: PostOptions;
}

/** Dependencies of the notifier. */
export interface NotifierOptions extends NotifyConfig {
  boss: PgBoss;
  repo: NotifyRepository;
  teams: TeamRepository;
  /** The record of an ended workshop (rebuilt from its documents if the end's write was lost). */
  summary: (workshopId: string) => Promise<WorkshopSummary | undefined>;
  /** Closes the team's ended survey months, so last month's result is written before it is read. */
  closeSurveys?: (teamId: string, now: Date) => Promise<void>;
  log: Logger;
  now?: () => Date;
}

/** Minutes before the team's next workshop that the reminder goes out. */
export const REMINDER_LEAD_MINUTES = 15;

const queues = { summary: 'notify-summary', scan: 'notify-scan', deliver: 'notify-deliver' } as const;

/** The data of a delivery job: which webhook, and the message (never the webhook's URL). */
interface DeliverJob {
  webhookId: string;
  message: Announcement;
}

/**
 * A job id derived from what the job is for, so sending the same job twice (a repeated scan, a
 * summary job run again after a crash) inserts nothing the second time.
 */
export function jobIdFor(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Chat announcements through pg-boss. Three queues:
 * - `notify-summary`: one job per ended workshop, sent by the end command;
 * - `notify-scan`: the periodic look for reminders, overdue actions and the survey opening. Every
 *   process offers a scan job each `scanSeconds`, throttled by pg-boss to one per period across all
 *   processes (`singletonSeconds`), so exactly one process scans;
 * - `notify-deliver`: one job per webhook and message, retried with exponential backoff; a webhook
 *   that keeps failing ends its job failed and shows the failure to the admin.
 * Every announcement has a key recorded once it is queued, so it goes out once.
 */
export class Notifier {
  private readonly now: () => Date;
  private scanTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Creates the queues, starts this process's workers and its offer of the periodic scan. */
  async start(): Promise<void> {
    const { boss, retryLimit, retryDelaySeconds } = this.options;
    await boss.createQueue(queues.summary, {
      name: queues.summary,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
    });
    await boss.createQueue(queues.scan, { name: queues.scan, retryLimit: 0, expireInSeconds: 300 });
    await boss.createQueue(queues.deliver, {
      name: queues.deliver,
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 60,
    });
    await boss.work<{ workshopId: string }>(queues.summary, async ([job]) =>
      this.announceSummary(job!.data.workshopId),
    );
    await boss.work(queues.scan, async () => this.scan());
    // Two deliveries at a time per process: a slow webhook (up to the timeout) holds one, not all.
    for (let i = 0; i < 2; i++)
      await boss.work<DeliverJob>(queues.deliver, { includeMetadata: true }, async ([job]) =>
        this.deliver(job!),
      );
    const offerScan = () =>
      void boss
        .send(queues.scan, {}, { singletonKey: 'scan', singletonSeconds: this.options.scanSeconds })
        .catch((error: unknown) =>
          this.options.log.warn(
            { event: 'notify.scan_offer_failed', err: error },
            'could not offer the scan',
          ),
        );
    offerScan();
    this.scanTimer = setInterval(offerScan, this.options.scanSeconds * 1000);
    this.scanTimer.unref();
    void this.options.repo.pruneAnnouncements(90).catch(() => {});
  }

  /** Stops taking jobs, lets running ones finish (a post lasts at most its timeout) and stops pg-boss. */
  async stop(): Promise<void> {
    clearInterval(this.scanTimer);
    await this.options.boss.stop({ graceful: true, timeout: this.options.post.timeoutMs + 2_000 });
  }

  /**
   * A workshop has ended: queue its summary. Never awaited by the end command; the job reads the
   * record a moment later, once the end has written it.
   */
  workshopEnded(workshopId: string): void {
    void this.options.boss
      .send(queues.summary, { workshopId }, { id: jobIdFor(`summary:${workshopId}`), startAfter: 2 })
      .catch((error: unknown) =>
        this.options.log.error(
          { event: 'notify.enqueue_failed', workshopId, err: error },
          'could not queue the workshop summary',
        ),
      );
  }

  /** Keeps a new team workshop's join link for the reminder, if the team has a webhook to post it to. */
  async workshopCreated(teamId: string, workshopId: string, joinUrl: string): Promise<void> {
    const { repo } = this.options;
    if ((await repo.listWebhooks(teamId)).length > 0) await repo.keepJoinLink(workshopId, teamId, joinUrl);
  }

  /** Posts the test message to one webhook now, and records the outcome like any delivery. */
  async sendTest(
    webhook: WebhookRow,
    teamName: string,
  ): Promise<{ ok: true } | { ok: false; error: string }> {
    const message = testMessage({ id: webhook.teamId, name: teamName });
    try {
      await this.post(webhook, message, { retryCount: 0, retryLimit: 0 });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  private async announceSummary(workshopId: string): Promise<void> {
    const summary = await this.options.summary(workshopId);
    if (!summary?.teamId) return;
    const team = await this.options.teams.findTeam(summary.teamId);
    if (!team) return;
    const notes = (wall: NoteWall) => summary.notes.filter((n) => n.wall === wall).length;
    await this.announce([`summary:${workshopId}`], team.id, () =>
      workshopSummary(
        { id: team.id, name: team.name },
        {
          workshopId,
          title: summary.title,
          participants: summary.participants.length,
          turns: summary.turns.length,
          notes: { crappy: notes('crappy'), awesome: notes('awesome') },
          actions: summary.actions.length,
        },
      ),
    );
    await this.options.repo.forgetJoinLink(workshopId);
  }

  /** One look for what is due, across the teams that have a webhook. */
  private async scan(): Promise<void> {
    const { repo } = this.options;
    const now = this.now();
    const today = now.toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    const teams = await repo.teamsWithWebhooks();
    const overdue = await repo.overdueActions(
      teams.map((t) => t.id),
      today,
    );
    for (const team of teams) {
      const who = { id: team.id, name: team.name };
      const start = team.nextWorkshopAt;
      if (start && start > now && start.getTime() - now.getTime() <= REMINDER_LEAD_MINUTES * 60_000) {
        const joinUrl = await repo.openJoinLink(team.id);
        await this.announce([`reminder:${team.id}:${start.toISOString()}`], team.id, () =>
          workshopReminder(who, start, now, joinUrl),
        );
      }
      const fresh: OverdueAction[] = [];
      for (const action of overdue.filter((a) => a.teamId === team.id))
        if (!(await repo.isAnnounced(`overdue:${action.id}:${today}`))) fresh.push(action);
      if (fresh.length > 0)
        await this.announce(
          fresh.map((a) => `overdue:${a.id}:${today}`),
          team.id,
          () => overdueActions(who, fresh),
        );
      await this.announce([`survey:${team.id}:${month}`], team.id, async () =>
        surveyOpen(who, month, await this.previousMonthResult(team.id, month)),
      );
    }
  }

  /** Last month's count and mean, only when the team page shows them (three answers or more). */
  private async previousMonthResult(teamId: string, month: string) {
    const date = new Date(`${month}-01T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() - 1);
    const previous = date.toISOString().slice(0, 7);
    await this.options.closeSurveys?.(teamId, this.now());
    const tallies = await this.options.repo.surveyMonth(teamId, previous);
    const answers = tallies.reduce((sum, t) => sum + t.count, 0);
    // The same threshold as the team page (SURVEY_MIN_ANSWERS): below it nothing is shown anywhere.
    if (answers < 3) return null;
    const mean = tallies.reduce((sum, t) => sum + t.score * t.count, 0) / answers;
    return { month: previous, answers, mean: Math.round(mean * 100) / 100 };
  }

  /**
   * Queues one delivery per webhook of the team, unless the announcement's keys are already
   * recorded. Jobs first, then the keys: a crash in between sends the same job ids again next time,
   * which pg-boss ignores.
   */
  private async announce(keys: string[], teamId: string, build: () => Announcement | Promise<Announcement>) {
    const { repo, boss, log } = this.options;
    if ((await Promise.all(keys.map((key) => repo.isAnnounced(key)))).every(Boolean)) return;
    const webhooks = await repo.listWebhooks(teamId);
    const message = await build();
    const basis = keys.join('|');
    for (const webhook of webhooks)
      await boss.send(queues.deliver, { webhookId: webhook.id, message } satisfies DeliverJob, {
        id: jobIdFor(`${basis}|${webhook.id}`),
      });
    for (const key of keys) await repo.markAnnounced(key, teamId);
    log.info(
      { event: 'notify.queued', teamId, announcement: message.event, webhooks: webhooks.length },
      'announcement queued',
    );
  }

  private async deliver(job: PgBoss.JobWithMetadata<DeliverJob>): Promise<void> {
    const webhook = await this.options.repo.findWebhook(job.data.webhookId);
    if (!webhook) return; // removed since: nothing to do
    await this.post(webhook, job.data.message, job);
  }

  /** Posts one message and records the outcome on the webhook; a failure is thrown for a retry. */
  private async post(
    webhook: WebhookRow,
    message: Announcement,
    attempt: { retryCount: number; retryLimit: number },
  ): Promise<void> {
    const { repo, log, post } = this.options;
    const fields = { webhookId: webhook.id, teamId: webhook.teamId, announcement: message.event };
    try {
      const status = await postWebhook(
        webhook.url,
        renderBody(webhook.format, message, webhook.teamUrl),
        post,
      );
      await repo.markDelivered(webhook.id, this.now());
      log.info({ event: 'webhook.delivered', ...fields, status }, 'webhook delivered');
    } catch (error) {
      const reason = error instanceof DeliveryError ? error.message : 'internal error';
      const gaveUp = attempt.retryCount >= attempt.retryLimit;
      await repo.markFailed(webhook.id, {
        at: this.now().toISOString(),
        error: reason,
        attempts: attempt.retryCount + 1,
        gaveUp,
        event: message.event,
      });
      log.warn(
        { event: 'webhook.failed', ...fields, reason, attempt: attempt.retryCount + 1, gaveUp },
        'webhook delivery failed',
      );
      throw error;
    }
  }
}

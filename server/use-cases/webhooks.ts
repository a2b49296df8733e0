import { AppError, parseInput } from '../access/app-error';
import { authenticateTeamAdmin, teamLinks } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import {
  addWebhookSchema,
  MAX_WEBHOOKS_PER_TEAM,
  type WebhookTestResult,
  type WebhookView,
} from '../contract/notify';
import { deriveJoinToken, generateId } from '../domain/tokens';
import { maskUrl, webhookUrlSchema } from '../notify/webhook-url';
import type { NotifyRepository, WebhookRow } from '../persistence/notify-repository';
import type { TeamRepository } from '../persistence/team-repository';

/** What the webhook use cases need. */
export interface WebhookDeps {
  teams: TeamRepository;
  notify: NotifyRepository;
  /** WEBHOOK_ALLOW_PRIVATE: loopback and private targets allowed (tests only). */
  allowPrivate: boolean;
}

/** A webhook as the admin sees it: never the URL itself. */
export function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    format: row.format,
    maskedUrl: maskUrl(row.url),
    createdAt: row.createdAt.toISOString(),
    lastDeliveredAt: row.lastDeliveredAt?.toISOString() ?? null,
    lastFailure: row.lastFailure ?? null,
  };
}

/** The team's webhooks (admin only: members learn nothing of them, not even how many). */
export async function listWebhooks(deps: WebhookDeps, teamId: string, token: string | null) {
  await authenticateTeamAdmin(deps.teams, teamId, token);
  return (await deps.notify.listWebhooks(teamId)).map(webhookView);
}

/**
 * Adds a webhook (admin). The team's member link goes with it, derived from the admin's token, so
 * messages link to the team page, the survey and records.
 */
export async function addWebhook(
  deps: WebhookDeps,
  teamId: string,
  token: string | null,
  body: unknown,
  origin: string,
): Promise<WebhookView> {
  await authenticateTeamAdmin(deps.teams, teamId, token);
  const { format, url } = parseInput(
    addWebhookSchema.extend({ url: webhookUrlSchema(deps.allowPrivate) }),
    body,
  );
  const row = {
    id: generateId(),
    teamId,
    format,
    url,
    teamUrl: teamLinks.member(origin, teamId, deriveJoinToken(token!)),
  };
  if (!(await deps.notify.insertWebhook(row, MAX_WEBHOOKS_PER_TEAM)))
    throw new AppError(
      ErrorCode.TOO_MANY_WEBHOOKS,
      `A team can have at most ${MAX_WEBHOOKS_PER_TEAM} webhooks: remove one first.`,
    );
  return webhookView((await deps.notify.findWebhook(row.id))!);
}

/** Removes a webhook (admin). */
export async function removeWebhook(deps: WebhookDeps, teamId: string, token: string | null, id: string) {
  await authenticateTeamAdmin(deps.teams, teamId, token);
  if (!(await deps.notify.deleteWebhook(teamId, id)))
    throw new AppError(ErrorCode.NOT_FOUND, 'This team has no such webhook.');
}

/** Posts the test message to one webhook now (admin) and says how it went. */
export async function testWebhook(
  deps: WebhookDeps & {
    sendTest: (webhook: WebhookRow, teamName: string) => Promise<WebhookTestResult>;
  },
  teamId: string,
  token: string | null,
  id: string,
): Promise<WebhookTestResult> {
  await authenticateTeamAdmin(deps.teams, teamId, token);
  const webhook = await deps.notify.findWebhook(id);
  if (webhook?.teamId !== teamId) throw new AppError(ErrorCode.NOT_FOUND, 'This team has no such webhook.');
  const team = (await deps.teams.findTeam(teamId))!;
  return deps.sendTest(webhook, team.name);
}

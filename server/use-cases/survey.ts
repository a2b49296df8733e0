import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import { SURVEY_MIN_ANSWERS, type SurveyMonth, surveyAnswerSchema } from '../contract/team';
import { openBallot, sealScore } from '../domain/survey-seal';
import { hashToken } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import type { SurveyRepository } from '../persistence/survey-repository';
import type { TeamRepository } from '../persistence/team-repository';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/** The survey month of a date, yyyy-mm in UTC: the only time an answer keeps. */
export const surveyMonth = (date: Date) => date.toISOString().slice(0, 7);

/** What the survey use cases work with. */
export interface SurveyDeps {
  surveys: SurveyRepository;
  /** The seal key (SURVEY_SEAL_KEY or its file), never stored in the database. */
  sealKey: Uint8Array;
  /** Tells the team's pages when a month closes (never after a single answer). */
  changes: TeamChanges;
  log: Logger;
}

/**
 * Records an anonymous answer as two writes in separate transactions: the receipt that stops a second
 * answer this month (a hash of the month and the browser's survey key, no score), then the sealed
 * ballot (no receipt, person or time). Nothing is announced: no page can watch a single answer land.
 */
export async function answerSurvey(
  deps: SurveyDeps,
  teams: TeamRepository,
  workshops: WorkshopRepository,
  teamId: string,
  token: string | null,
  body: unknown,
  now: Date,
) {
  await authenticateSurveyTaker(teams, workshops, teamId, token);
  const { score, surveyKey } = parseInput(surveyAnswerSchema, body);
  const month = surveyMonth(now);
  const keyHash = createHash('sha256').update(`${teamId}\n${month}\n${surveyKey}`).digest();
  if (!(await deps.surveys.recordReceipt(teamId, month, keyHash))) {
    throw new AppError(ErrorCode.BAD_REQUEST, 'You have already answered this month. Thank you!');
  }
  try {
    await deps.surveys.castBallot(teamId, month, sealScore(deps.sealKey, teamId, month, score));
  } catch (error) {
    await deps.surveys.forgetReceipt(teamId, month, keyHash).catch(() => {});
    throw error;
  }
  return { month };
}

/**
 * Who may answer: holders of the team's links, and anyone in one of the team's workshops (the survey
 * is offered at the end of each workshop, where people hold only their workshop token).
 */
async function authenticateSurveyTaker(
  teams: TeamRepository,
  workshops: WorkshopRepository,
  teamId: string,
  token: string | null,
): Promise<void> {
  try {
    await authenticateTeam(teams, teamId, token);
  } catch (error) {
    const participant = token ? await workshops.findParticipantByToken(hashToken(token)) : undefined;
    const workshop = participant ? await workshops.findWorkshop(participant.workshopId) : undefined;
    if (!workshop || workshop.teamId !== teamId) throw error;
  }
}

/**
 * Closes the team's ended months that still hold ballots: each batch opened and tallied at once,
 * then announced. A failure (a changed key) is logged and leaves the ballots sealed for a later try.
 */
export async function closeSurveyMonths(deps: SurveyDeps, teamId: string, now: Date): Promise<void> {
  try {
    const closed = await deps.surveys.closeMonths(
      teamId,
      surveyMonth(now),
      SURVEY_MIN_ANSWERS,
      (month, sealed) => openBallot(deps.sealKey, teamId, month, sealed),
    );
    if (closed.length === 0) return;
    deps.log.info({ event: 'survey.closed', teamId, months: closed }, 'survey months closed');
    deps.changes.announce(teamId, ['survey']);
  } catch (error) {
    deps.log.error({ event: 'survey.close_failed', teamId, err: error }, 'could not close survey months');
  }
}

/**
 * Month by month: how many answered (receipts), and the distribution of a month only once it has
 * closed with at least SURVEY_MIN_ANSWERS ballots, beside the action completion rate.
 */
export async function surveyResults(
  deps: SurveyDeps,
  teams: TeamRepository,
  teamId: string,
  token: string | null,
  now: Date,
): Promise<SurveyMonth[]> {
  await authenticateTeam(teams, teamId, token);
  await closeSurveyMonths(deps, teamId, now);
  const [tallies, receipts, completion] = await Promise.all([
    deps.surveys.tallies(teamId),
    deps.surveys.receiptCounts(teamId),
    teams.actionCompletion(teamId),
  ]);
  const current = surveyMonth(now);
  const months = new Set([...tallies, ...receipts, ...completion].map((m) => m.month));
  return [...months].sort().map((month) => {
    const rows = tallies.filter((t) => t.month === month);
    const distribution = [1, 2, 3, 4, 5].map((score) => rows.find((t) => t.score === score)?.count ?? 0);
    const tallied = distribution.reduce((a, b) => a + b, 0);
    const isOpen = month >= current;
    const hidden = isOpen || tallied < SURVEY_MIN_ANSWERS;
    const actions = completion.find((c) => c.month === month);
    return {
      month,
      isOpen,
      answers:
        isOpen || rows.length === 0 ? (receipts.find((r) => r.month === month)?.answers ?? 0) : tallied,
      hidden,
      distribution: hidden ? null : distribution,
      mean: hidden
        ? null
        : Math.round((distribution.reduce((sum, n, i) => sum + n * (i + 1), 0) / tallied) * 100) / 100,
      actionCompletionRate: actions && actions.total > 0 ? actions.done / actions.total : null,
    };
  });
}

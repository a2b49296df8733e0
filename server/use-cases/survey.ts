import { createHash } from 'node:crypto';
import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam } from '../access/team-access';
import { ErrorCode } from '../contract/protocol';
import { SURVEY_MIN_ANSWERS, type SurveyMonth, surveyAnswerSchema } from '../contract/team';
import { hashToken } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import type { TeamRepository } from '../persistence/team-repository';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/** The survey month of a date, yyyy-mm in UTC: the only time an answer keeps. */
export const surveyMonth = (date: Date) => date.toISOString().slice(0, 7);

/**
 * Records an anonymous answer. The receipt that stops a second answer this month is a hash of the
 * month and the browser's survey key: it changes every month and holds no score.
 */
export async function answerSurvey(
  teams: TeamRepository,
  workshops: WorkshopRepository,
  changes: TeamChanges,
  teamId: string,
  token: string | null,
  body: unknown,
  now: Date,
) {
  await authenticateSurveyTaker(teams, workshops, teamId, token);
  const { score, surveyKey } = parseInput(surveyAnswerSchema, body);
  const month = surveyMonth(now);
  const keyHash = createHash('sha256').update(`${teamId}\n${month}\n${surveyKey}`).digest();
  if ((await teams.answerSurvey(teamId, month, keyHash, score)) === 'already-answered') {
    throw new AppError(ErrorCode.BAD_REQUEST, 'You have already answered this month. Thank you!');
  }
  changes.announce(teamId, ['survey']);
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

/** Month by month: the answers (shown once there are enough), beside the action completion rate. */
export async function surveyResults(
  teams: TeamRepository,
  teamId: string,
  token: string | null,
): Promise<SurveyMonth[]> {
  await authenticateTeam(teams, teamId, token);
  const [tallies, completion] = await Promise.all([
    teams.surveyTallies(teamId),
    teams.actionCompletion(teamId),
  ]);
  const months = new Set([...tallies.map((t) => t.month), ...completion.map((c) => c.month)]);
  return [...months].sort().map((month) => {
    const distribution = [1, 2, 3, 4, 5].map(
      (score) => tallies.find((t) => t.month === month && t.score === score)?.count ?? 0,
    );
    const answers = distribution.reduce((a, b) => a + b, 0);
    const hidden = answers < SURVEY_MIN_ANSWERS;
    const actions = completion.find((c) => c.month === month);
    return {
      month,
      answers,
      hidden,
      distribution: hidden ? null : distribution,
      mean: hidden
        ? null
        : Math.round((distribution.reduce((sum, n, i) => sum + n * (i + 1), 0) / answers) * 100) / 100,
      actionCompletionRate: actions && actions.total > 0 ? actions.done / actions.total : null,
    };
  });
}

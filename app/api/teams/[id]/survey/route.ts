import { bearerToken, handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { answerSurvey, surveyResults } from '@/server/use-cases/survey';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/teams/<id>/survey: month by month, how many answered; a month's results only once it has
 * ended with three answers or more (the read closes ended months: their ballots are opened then).
 */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { survey, teams } = getServices();
    return json(await surveyResults(survey, teams, id, bearerToken(request), new Date()));
  });
}

/**
 * POST /api/teams/<id>/survey `{ score, surveyKey }` with a team token or the token of a participant
 * of one of the team's workshops: 201, once per browser and month.
 */
export function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { survey, teams, workshops, maxBodyBytes } = getServices();
    const body = await readJsonBody(request, maxBodyBytes);
    return json(
      await answerSurvey(survey, teams, workshops, id, bearerToken(request), body, new Date()),
      201,
    );
  });
}

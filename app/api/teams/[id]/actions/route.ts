import { bearerToken, download, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { actionsToCsv, listTeamActions } from '@/server/use-cases/action-tracker';

export const dynamic = 'force-dynamic';

/** GET /api/teams/<id>/actions[?format=csv]: the action tracker. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const actions = await listTeamActions(getServices().teams, id, bearerToken(request));
    if (new URL(request.url).searchParams.get('format') === 'csv') {
      return download(actionsToCsv(actions), 'firedrill-actions.csv', 'text/csv; charset=utf-8');
    }
    return json(actions);
  });
}

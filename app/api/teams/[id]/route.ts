import { bearerToken, handle, json, publicOrigin, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { getTeam, updateTeam } from '@/server/use-cases/teams';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** GET /api/teams/<id>: the team (and, for the admin, the member link). */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    return json(await getTeam(getServices().teams, id, bearerToken(request), publicOrigin(request)));
  });
}

/** PATCH /api/teams/<id> `{ name?, nextWorkshopAt?, recurrence? }` (admin). */
export function PATCH(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { teams, teamChanges, maxBodyBytes } = getServices();
    await updateTeam(teams, teamChanges, id, bearerToken(request), await readJsonBody(request, maxBodyBytes));
    return json(await getTeam(teams, id, bearerToken(request), publicOrigin(request)));
  });
}

import { spendLimit } from '@/server/access/limits';
import { requestAddress } from '@/server/http/client-address';
import { bearerToken, handle, json, publicOrigin, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { createTeamWorkshop, listTeamWorkshops } from '@/server/use-cases/team-workshops';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** GET /api/teams/<id>/workshops: past and running workshops, and the next planned date. */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    return json(await listTeamWorkshops(getServices().teams, id, bearerToken(request)));
  });
}

/** POST /api/teams/<id>/workshops (admin) `{ title, cardIds, … }`: 201 like POST /api/workshops. */
export function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { teams, workshops, teamChanges, maxBodyBytes, log, notifier, limits } = getServices();
    await spendLimit(limits, 'create-per-address', requestAddress(request));
    const body = await readJsonBody(request, maxBodyBytes);
    const created = await createTeamWorkshop(
      teams,
      workshops,
      teamChanges,
      id,
      bearerToken(request),
      body,
      publicOrigin(request),
    );
    log.info({ event: 'workshop.created', workshopId: created.id, teamId: id }, 'workshop created');
    await notifier.workshopCreated(id, created.id, created.joinUrl);
    return json(created, 201);
  });
}

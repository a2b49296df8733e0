import { bearerToken, handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { createCard, listLibrary } from '@/server/use-cases/library';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** GET /api/teams/<id>/cards[?archived=1]: the scenario library with run counts. */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const archived = new URL(request.url).searchParams.get('archived') === '1';
    return json(await listLibrary(getServices().teams, id, bearerToken(request), archived));
  });
}

/** POST /api/teams/<id>/cards (admin): add a card; 201 `{ id }`. */
export function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { teams, teamChanges, maxBodyBytes } = getServices();
    const body = await readJsonBody(request, maxBodyBytes);
    return json(await createCard(teams, teamChanges, id, bearerToken(request), body), 201);
  });
}

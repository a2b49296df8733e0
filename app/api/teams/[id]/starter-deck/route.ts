import { addStarterDeck } from '@/server/api/library';
import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/services';

export const dynamic = 'force-dynamic';

/** POST /api/teams/<id>/starter-deck (admin): add the starter scenarios not yet in the library. */
export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { teams, teamChanges } = getServices();
    return json(await addStarterDeck(teams, teamChanges, id, bearerToken(request)));
  });
}

import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { addStarterDeck } from '@/server/use-cases/library';

export const dynamic = 'force-dynamic';

/** POST /api/teams/<id>/starter-deck (admin): add the starter scenarios not yet in the library. */
export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { teams, teamChanges } = getServices();
    return json(await addStarterDeck(teams, teamChanges, id, bearerToken(request)));
  });
}

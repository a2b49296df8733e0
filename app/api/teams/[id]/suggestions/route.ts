import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { suggestCards } from '@/server/use-cases/team-workshops';

export const dynamic = 'force-dynamic';

/** GET /api/teams/<id>/suggestions?participants=N: two cards each, least recently run first. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const participants = Number(new URL(request.url).searchParams.get('participants') ?? '4') || 4;
    return json(await suggestCards(getServices().teams, id, bearerToken(request), participants));
  });
}

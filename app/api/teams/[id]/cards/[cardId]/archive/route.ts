import { bearerToken, handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { archiveCard } from '@/server/use-cases/library';

export const dynamic = 'force-dynamic';

/** POST /api/teams/<id>/cards/<cardId>/archive `{ archived }` (admin). */
export function POST(
  request: Request,
  context: { params: Promise<{ id: string; cardId: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, cardId } = await context.params;
    const { teams, teamChanges, maxBodyBytes } = getServices();
    const body = await readJsonBody(request, maxBodyBytes);
    await archiveCard(teams, teamChanges, id, cardId, bearerToken(request), body);
    return json({ id: cardId });
  });
}

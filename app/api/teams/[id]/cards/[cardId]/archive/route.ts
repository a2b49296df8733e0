import { archiveCard } from '@/server/api/library';
import { bearerToken, handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/services';

export const dynamic = 'force-dynamic';

/** POST /api/teams/<id>/cards/<cardId>/archive `{ archived }` (admin). */
export function POST(
  request: Request,
  context: { params: Promise<{ id: string; cardId: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, cardId } = await context.params;
    const { teams, maxBodyBytes } = getServices();
    await archiveCard(teams, id, cardId, bearerToken(request), await readJsonBody(request, maxBodyBytes));
    return json({ id: cardId });
  });
}

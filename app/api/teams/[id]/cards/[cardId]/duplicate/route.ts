import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { duplicateCard } from '@/server/use-cases/library';

export const dynamic = 'force-dynamic';

/** POST /api/teams/<id>/cards/<cardId>/duplicate (admin): 201 `{ id }` of the copy. */
export function POST(
  request: Request,
  context: { params: Promise<{ id: string; cardId: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, cardId } = await context.params;
    const { teams, teamChanges } = getServices();
    return json(await duplicateCard(teams, teamChanges, id, cardId, bearerToken(request)), 201);
  });
}

import { bearerToken, handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { updateTeamAction } from '@/server/use-cases/action-tracker';

export const dynamic = 'force-dynamic';

/** PATCH /api/teams/<id>/actions/<actionId> (admin) `{ status?, text?, ownerName?, dueDate? }`. */
export function PATCH(
  request: Request,
  context: { params: Promise<{ id: string; actionId: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, actionId } = await context.params;
    const { teams, teamChanges, maxBodyBytes } = getServices();
    await updateTeamAction(
      teams,
      teamChanges,
      id,
      actionId,
      bearerToken(request),
      await readJsonBody(request, maxBodyBytes),
    );
    return json({ id: actionId });
  });
}

import { handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { joinWorkshop } from '@/server/use-cases/join-workshop';

export const dynamic = 'force-dynamic';

/** POST /api/workshops/<id>/participants with `{ name, joinToken }`: 201 with the participant's own token. */
export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { workshops, teamChanges, maxBodyBytes, log } = getServices();
    const body = await readJsonBody(request, maxBodyBytes);
    const joined = await joinWorkshop(workshops, teamChanges, id, body);
    log.info(
      { event: 'participant.created', workshopId: id, participantId: joined.participantId },
      'participant joined',
    );
    return json(joined, 201);
  });
}

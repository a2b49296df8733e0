import { checkingToken } from '@/server/access/limits';
import { requestAddress } from '@/server/http/client-address';
import { handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { joinWorkshop } from '@/server/use-cases/join-workshop';

export const dynamic = 'force-dynamic';

/** POST /api/workshops/<id>/participants with `{ name, joinToken }`: 201 with the participant's own token. */
export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { workshops, teamChanges, maxBodyBytes, log, limits, maxParticipants } = getServices();
    const body = await readJsonBody(request, maxBodyBytes);
    const address = requestAddress(request);
    const joined = await checkingToken(limits, address, () =>
      joinWorkshop(workshops, teamChanges, id, body, { limits, address, maxParticipants }),
    );
    log.info(
      { event: 'participant.created', workshopId: id, participantId: joined.participantId },
      'participant joined',
    );
    return json(joined, 201);
  });
}

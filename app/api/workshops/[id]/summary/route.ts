import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { readEndedWorkshop } from '@/server/use-cases/workshop-read';

export const dynamic = 'force-dynamic';

/** GET /api/workshops/<id>/summary: the read-only record of an ended workshop (409 while it runs). */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { workshops, teams, service } = getServices();
    return json(await readEndedWorkshop(workshops, teams, service, id, bearerToken(request)));
  });
}

import { spendLimit } from '@/server/access/limits';
import { requestAddress } from '@/server/http/client-address';
import { handle, json, publicOrigin, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { createWorkshop } from '@/server/use-cases/create-workshop';

export const dynamic = 'force-dynamic';

/** POST /api/workshops: create a workshop; 201 with its id, tokens and links. */
export function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { workshops, maxBodyBytes, log, limits } = getServices();
    await spendLimit(limits, 'create-per-address', requestAddress(request));
    const body = await readJsonBody(request, maxBodyBytes);
    const created = await createWorkshop(workshops, body, publicOrigin(request));
    log.info({ event: 'workshop.created', workshopId: created.id }, 'workshop created');
    return json(created, 201);
  });
}

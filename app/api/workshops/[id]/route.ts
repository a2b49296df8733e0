import { checkingToken } from '@/server/access/limits';
import { requestAddress } from '@/server/http/client-address';
import { bearerToken, handle, json, publicOrigin } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { getWorkshop } from '@/server/use-cases/get-workshop';

export const dynamic = 'force-dynamic';

/** GET /api/workshops/<id> with `Authorization: Bearer <token>`: the workshop's current record. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { workshops, limits } = getServices();
    const record = await checkingToken(limits, requestAddress(request), () =>
      getWorkshop(workshops, id, bearerToken(request), publicOrigin(request)),
    );
    return json(record);
  });
}

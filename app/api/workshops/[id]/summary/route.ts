import { AppError } from '@/server/api/app-error';
import { authorizeWorkshopRead } from '@/server/api/workshop-read';
import { bearerToken, handle, json } from '@/server/http/json';
import { ErrorCode } from '@/server/protocol';
import { getServices } from '@/server/services';

export const dynamic = 'force-dynamic';

/** GET /api/workshops/<id>/summary: the read-only record of an ended workshop (409 while it runs). */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { workshops, teams, service } = getServices();
    await authorizeWorkshopRead(workshops, teams, id, bearerToken(request));
    const summary = await service.summary(id);
    if (!summary) throw new AppError(ErrorCode.WRONG_PHASE, 'This workshop has not ended yet.');
    return json(summary);
  });
}

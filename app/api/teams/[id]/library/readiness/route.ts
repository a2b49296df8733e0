import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { libraryReadiness } from '@/server/use-cases/library';

export const dynamic = 'force-dynamic';

/** GET /api/teams/<id>/library/readiness: hint counts and scenarios ready for the next workshop. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    return json(await libraryReadiness(getServices().teams, id, bearerToken(request)));
  });
}

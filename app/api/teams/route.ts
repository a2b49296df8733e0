import { spendLimit } from '@/server/access/limits';
import { requestAddress } from '@/server/http/client-address';
import { handle, json, publicOrigin, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { createTeam } from '@/server/use-cases/teams';

export const dynamic = 'force-dynamic';

/** POST /api/teams `{ name }`: 201 with the team's admin and member links. */
export function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { teams, maxBodyBytes, log, limits } = getServices();
    await spendLimit(limits, 'create-per-address', requestAddress(request));
    const created = await createTeam(teams, await readJsonBody(request, maxBodyBytes), publicOrigin(request));
    log.info({ event: 'team.created', teamId: created.id }, 'team created');
    return json(created, 201);
  });
}

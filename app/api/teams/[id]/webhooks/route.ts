import { bearerToken, handle, json, publicOrigin, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { addWebhook, listWebhooks } from '@/server/use-cases/webhooks';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

const deps = () => {
  const { teams, notify, allowPrivateWebhooks } = getServices();
  return { teams, notify, allowPrivate: allowPrivateWebhooks };
};

/** GET /api/teams/<id>/webhooks (admin): the chat webhooks, URLs masked, with their last outcomes. */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    return json(await listWebhooks(deps(), id, bearerToken(request)));
  });
}

/** POST /api/teams/<id>/webhooks (admin) `{ format: slack|teams|generic, url }`: 201 with it, masked. */
export function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const body = await readJsonBody(request, getServices().maxBodyBytes);
    return json(await addWebhook(deps(), id, bearerToken(request), body, publicOrigin(request)), 201);
  });
}

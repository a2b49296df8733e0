import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { testWebhook } from '@/server/use-cases/webhooks';

export const dynamic = 'force-dynamic';

/** POST /api/teams/<id>/webhooks/<webhookId>/test (admin): posts a test message now; `{ ok, error? }`. */
export function POST(
  request: Request,
  context: { params: Promise<{ id: string; webhookId: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, webhookId } = await context.params;
    const { teams, notify, notifier, allowPrivateWebhooks } = getServices();
    const deps = {
      teams,
      notify,
      allowPrivate: allowPrivateWebhooks,
      sendTest: notifier.sendTest.bind(notifier),
    };
    return json(await testWebhook(deps, id, bearerToken(request), webhookId));
  });
}

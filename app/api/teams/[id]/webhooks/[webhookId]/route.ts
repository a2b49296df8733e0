import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { removeWebhook } from '@/server/use-cases/webhooks';

export const dynamic = 'force-dynamic';

/** DELETE /api/teams/<id>/webhooks/<webhookId> (admin). */
export function DELETE(
  request: Request,
  context: { params: Promise<{ id: string; webhookId: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, webhookId } = await context.params;
    const { teams, notify, allowPrivateWebhooks } = getServices();
    await removeWebhook(
      { teams, notify, allowPrivate: allowPrivateWebhooks },
      id,
      bearerToken(request),
      webhookId,
    );
    return json({ removed: webhookId });
  });
}

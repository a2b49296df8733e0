import { removeWebhook } from '@/server/api/webhooks';
import { bearerToken, handle, json } from '@/server/http/json';
import { getServices } from '@/server/services';

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

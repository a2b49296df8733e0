import { bearerToken, download, handle } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { buildSupportBundle } from '@/server/use-cases/support-bundle';

export const dynamic = 'force-dynamic';

/**
 * GET /api/workshops/<id>/support-bundle with the facilitator's token, or METRICS_TOKEN for an
 * operator: one JSON file with the workshop's recent events, to attach to a bug report.
 */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const services = getServices();
    const { bundle, fileName } = await buildSupportBundle(services, id, bearerToken(request));
    services.log.info(
      { event: 'support.bundle', workshopId: id, by: bundle.generatedBy, events: bundle.events.length },
      'support bundle downloaded',
    );
    return download(JSON.stringify(bundle, null, 2), fileName, 'application/json; charset=utf-8');
  });
}

import { bearerToken, download, handle } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { slugify, summaryToMarkdown } from '@/server/model/summary-markdown';
import { readEndedWorkshop } from '@/server/use-cases/workshop-read';

export const dynamic = 'force-dynamic';

/** GET /api/workshops/<id>/export?format=md|json: the record of an ended workshop as a file. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { workshops, teams, service } = getServices();
    const summary = await readEndedWorkshop(workshops, teams, service, id, bearerToken(request));
    const name = `firedrill-${slugify(summary.title)}-${(summary.endedAt ?? summary.createdAt).slice(0, 10)}`;
    if (new URL(request.url).searchParams.get('format') === 'json') {
      return download(JSON.stringify(summary, null, 2), `${name}.json`, 'application/json; charset=utf-8');
    }
    return download(summaryToMarkdown(summary), `${name}.md`, 'text/markdown; charset=utf-8');
  });
}

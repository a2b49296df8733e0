import { bearerToken, download, handle, publicOrigin } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { calendarFeed, nextWorkshopIcs } from '@/server/use-cases/calendar';

export const dynamic = 'force-dynamic';

const calendarType = 'text/calendar; charset=utf-8';

/**
 * GET /api/teams/<id>/calendar/<secret>.ics: the team's feed, for calendar apps (no token).
 * GET /api/teams/<id>/calendar/next.ics (team link): the next workshop as a download.
 */
export function GET(
  request: Request,
  context: { params: Promise<{ id: string; file: string }> },
): Promise<Response> {
  return handle(async () => {
    const { id, file } = await context.params;
    const origin = publicOrigin(request);
    if (file === 'next.ics')
      return download(
        await nextWorkshopIcs(getServices(), id, bearerToken(request), origin),
        'firedrill-next-workshop.ics',
        calendarType,
      );
    const feed = await calendarFeed(getServices(), id, file, origin);
    return new Response(feed, { headers: { 'content-type': calendarType, 'cache-control': 'no-store' } });
  });
}

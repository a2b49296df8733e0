import { bearerToken, handle, json, publicOrigin } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { calendarView, rotateCalendar } from '@/server/use-cases/calendar';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** GET /api/teams/<id>/calendar (team link): `{ feedUrl, webcalUrl }` of the team's ICS feed. */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    return json(await calendarView(getServices(), id, bearerToken(request), publicOrigin(request)));
  });
}

/** POST /api/teams/<id>/calendar (admin): a new feed secret; the old feed URL stops working. */
export function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    return json(await rotateCalendar(getServices(), id, bearerToken(request), publicOrigin(request)));
  });
}

import { cardToMarkdown } from '@/server/content/library-markdown';
import { bearerToken, download, handle, json, readJsonBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { slugify } from '@/server/model/summary-markdown';
import { readCard, updateCard } from '@/server/use-cases/library';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string; cardId: string }> };

/** GET /api/teams/<id>/cards/<cardId>[?format=md]: one card, as JSON or as a Markdown file. */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id, cardId } = await context.params;
    const card = await readCard(getServices().teams, id, cardId, bearerToken(request));
    if (new URL(request.url).searchParams.get('format') === 'md') {
      return download(cardToMarkdown(card), `${slugify(card.title)}.md`, 'text/markdown; charset=utf-8');
    }
    return json(card);
  });
}

/** PUT /api/teams/<id>/cards/<cardId> (admin): replace the card's content. */
export function PUT(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id, cardId } = await context.params;
    const { teams, teamChanges, maxBodyBytes } = getServices();
    const body = await readJsonBody(request, maxBodyBytes);
    await updateCard(teams, teamChanges, id, cardId, bearerToken(request), body);
    return json({ id: cardId });
  });
}

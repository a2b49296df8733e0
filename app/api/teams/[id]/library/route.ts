import { bearerToken, download, handle, json, nulRefusal, readBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { exportLibrary, importLibrary } from '@/server/use-cases/library-file';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** GET /api/teams/<id>/library?format=json|md: the whole library as one file. */
export function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const format = new URL(request.url).searchParams.get('format') === 'md' ? 'md' : 'json';
    const body = await exportLibrary(getServices().teams, id, bearerToken(request), format);
    return format === 'md'
      ? download(body, 'firedrill-library.md', 'text/markdown; charset=utf-8')
      : download(body, 'firedrill-library.json', 'application/json; charset=utf-8');
  });
}

/** POST /api/teams/<id>/library (admin): import a JSON library file or Markdown (by Content-Type). */
export function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const { teams, teamChanges, maxImportBytes } = getServices();
    const text = Buffer.from(await readBody(request, maxImportBytes)).toString('utf8');
    if (text.includes('\u0000')) throw nulRefusal();
    const contentType = request.headers.get('content-type') ?? 'application/json';
    return json(await importLibrary(teams, teamChanges, id, bearerToken(request), contentType, text), 201);
  });
}

import { bearerToken, handle, json, readBody } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { MAX_IMAGE_BYTES } from '@/server/model/image-type';
import { uploadImage } from '@/server/use-cases/images';

export const dynamic = 'force-dynamic';

/**
 * POST /api/teams/<id>/images (admin), the image bytes as the body and their type as Content-Type:
 * 201 `{ id, url }`.
 */
export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { id } = await context.params;
    const bytes = await readBody(request, MAX_IMAGE_BYTES);
    const declared = request.headers.get('content-type');
    return json(await uploadImage(getServices().teams, id, bearerToken(request), bytes, declared), 201);
  });
}

import { handle } from '@/server/http/json';
import { getServices } from '@/server/http/services';
import { readImage } from '@/server/use-cases/images';

export const dynamic = 'force-dynamic';

/**
 * GET /api/images/<imageId>: an evidence image. The id (192 random bits) is the capability, so an
 * <img> tag can show it without a header; it is only ever handed to people who may see the card.
 */
export function GET(_request: Request, context: { params: Promise<{ imageId: string }> }): Promise<Response> {
  return handle(async () => {
    const { imageId } = await context.params;
    const image = await readImage(getServices().teams, imageId);
    return new Response(image.data as BodyInit, {
      headers: {
        'content-type': image.mimeType,
        'cache-control': 'private, max-age=86400, immutable',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
      },
    });
  });
}

/** Evidence images: uploaded by the team admin, served by their unguessable id. */
import { AppError } from '../access/app-error';
import { authenticateTeamAdmin } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import { generateId } from '../domain/tokens';
import { checkImage, MAX_IMAGE_BYTES } from '../model/image-type';
import type { TeamRepository } from '../persistence/team-repository';

/**
 * Stores an uploaded evidence image after checking (checkImage) that its bytes are a PNG, JPEG or
 * WebP of the declared type (the request's Content-Type) with sane header dimensions.
 */
export async function uploadImage(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
  bytes: Uint8Array,
  declaredType: string | null,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const image = checkImage(bytes, declaredType);
  if (!image.ok) throw new AppError(ErrorCode.BAD_REQUEST, image.message);
  const id = `img_${generateId()}${generateId()}`;
  await repo.insertImage({ id, teamId, mimeType: image.type, data: bytes });
  return { id, url: `/api/images/${id}` };
}

/** An evidence image by its id (192 random bits: the id is the capability). */
export async function readImage(repo: TeamRepository, imageId: string) {
  const image = await repo.findImage(imageId);
  if (!image) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such image.');
  return image;
}

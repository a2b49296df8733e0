/** Evidence images: uploaded by the team admin, served by their unguessable id. */
import { AppError } from '../access/app-error';
import { authenticateTeamAdmin } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import { generateId } from '../domain/tokens';
import { MAX_IMAGE_BYTES, sniffImageType } from '../model/image-type';
import type { TeamRepository } from '../persistence/team-repository';

/** Stores an uploaded evidence image after checking its bytes are a PNG, JPEG or WebP. */
export async function uploadImage(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
  bytes: Uint8Array,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const mimeType = sniffImageType(bytes);
  if (!mimeType)
    throw new AppError(
      ErrorCode.BAD_REQUEST,
      'Only PNG, JPEG and WebP images are accepted (checked by content).',
    );
  const id = `img_${generateId()}${generateId()}`;
  await repo.insertImage({ id, teamId, mimeType, data: bytes });
  return { id, url: `/api/images/${id}` };
}

/** An evidence image by its id (192 random bits: the id is the capability). */
export async function readImage(repo: TeamRepository, imageId: string) {
  const image = await repo.findImage(imageId);
  if (!image) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such image.');
  return image;
}

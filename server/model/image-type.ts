import { imageSize } from 'image-size';

/** Image types accepted as evidence, recognised by their first bytes (never by file name). */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) =>
  prefix.every((byte, i) => bytes[offset + i] === byte);

/** The image type of `bytes` by its signature, or undefined when it is not PNG, JPEG or WebP. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return undefined;
}

/** Largest image accepted, bytes (2 MiB: a screenshot, not a photo album). */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Most pixels an image may have (40 megapixels). The byte cap alone does not bound what a browser
 * decodes: a 389 KB PNG can declare 20000×20000 pixels, 1.6 GB as RGBA, for every browser that
 * shows the card.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Longest side an image may have, px (8,000: wider than any screenshot of a 5K screen). */
export const MAX_IMAGE_SIDE = 8_000;

/** What image-size calls each accepted type. */
const sizeTypeOf: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** An image judged: its type and header dimensions, or the sentence that refuses it. */
export type ImageCheck =
  | { ok: true; type: ImageType; width: number; height: number }
  | { ok: false; message: string };

/**
 * Judges image bytes before they are stored: at most MAX_IMAGE_BYTES, a PNG, JPEG or WebP by
 * signature, of the type the uploader declared (a Content-Type or a data URL's type, parameters
 * ignored; none declared is a mismatch), whose header (read by image-size, nothing decoded) gives
 * dimensions within MAX_IMAGE_SIDE and MAX_IMAGE_PIXELS.
 */
export function checkImage(bytes: Uint8Array, declaredType: string | null): ImageCheck {
  if (bytes.byteLength > MAX_IMAGE_BYTES)
    return { ok: false, message: `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.` };
  const type = sniffImageType(bytes);
  if (!type)
    return { ok: false, message: 'Only PNG, JPEG and WebP images are accepted (checked by content).' };
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared !== type)
    return {
      ok: false,
      message: `The file is declared as ${declared || 'no type'} but its content is ${type}.`,
    };
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, message: `The ${type} image is damaged: its size cannot be read.` };
  }
  const { width = 0, height = 0 } = size;
  if (size.type !== sizeTypeOf[type] || width < 1 || height < 1)
    return { ok: false, message: `The ${type} image is damaged: its size cannot be read.` };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS)
    return {
      ok: false,
      message: `The image is ${width}×${height} pixels; at most ${MAX_IMAGE_SIDE} a side and ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted.`,
    };
  return { ok: true, type, width, height };
}

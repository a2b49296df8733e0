/**
 * An image evidence item that has not left the browser yet: the picked, pasted or dropped file and the
 * boxes drawn over it. On save the boxes are burnt into the pixels on a canvas and only that copy is
 * uploaded, so the original never reaches the server (re-encoding also drops EXIF metadata).
 */
import { MAX_IMAGE_BYTES } from '@/server/model/image-type';
import { sendRaw } from './download';

/** A redaction box, in the image's own pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An image held in the browser until the card is saved. */
export interface PendingImage {
  /** An object URL of the original file, for drawing it. */
  url: string;
  boxes: Box[];
}

/** Holds a file as a pending image; the caller revokes `url` when the item goes away. */
export const pendingFrom = (file: Blob): PendingImage => ({ url: URL.createObjectURL(file), boxes: [] });

/** Loads an image element from a URL. */
export function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('This file is not an image the browser can read.'));
    image.src = url;
  });
}

const toBlob = (canvas: HTMLCanvasElement, type: string, quality?: number) =>
  new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));

/** The image with its boxes painted solid black, encoded as PNG, or WebP/JPEG when PNG is too big. */
export async function burn(pending: PendingImage): Promise<Blob> {
  const image = await loadImage(pending.url);
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw images.');
  context.drawImage(image, 0, 0);
  context.fillStyle = '#000';
  for (const box of pending.boxes) context.fillRect(box.x, box.y, box.width, box.height);
  for (const [type, quality] of [
    ['image/png'],
    ['image/webp', 0.9],
    ['image/jpeg', 0.85],
    ['image/jpeg', 0.6],
  ] as const) {
    const blob = await toBlob(canvas, type, quality);
    if (blob && blob.type === type && blob.size <= MAX_IMAGE_BYTES) return blob;
  }
  throw new Error('This image is too large even after compression: crop it below 2 MiB.');
}

/** Burns and uploads a pending image; resolves with the stored image's id. */
export async function uploadPending(teamId: string, token: string, pending: PendingImage): Promise<string> {
  const blob = await burn(pending);
  const result = await sendRaw<{ id: string }>(`/api/teams/${teamId}/images`, token, blob, blob.type);
  if (!result.ok) throw new Error(result.message);
  return result.value.id;
}

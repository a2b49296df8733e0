import { constants, deflateRawSync, deflateSync } from 'node:zlib';

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real, valid PNG of `size`×`size` red pixels. */
export function makePng(size = 4): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([255, 0, 0]))]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

/**
 * A valid PNG of `width`×`height` black 8-bit grey pixels, built without holding the pixels: the
 * zlib stream repeats one fully flushed deflate segment of zero rows (a flushed segment refers to
 * nothing before it), so a 20000×20000 image (400 MB decoded) is about 390 KB and takes milliseconds.
 */
export function makeBlankPng(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rowBytes = width + 1;
  const rowsPerSegment = Math.max(1, Math.min(height, Math.floor(16_000_000 / rowBytes)));
  const segment = (rows: number) =>
    deflateRawSync(Buffer.alloc(rows * rowBytes), { finishFlush: constants.Z_FULL_FLUSH });
  const full = segment(rowsPerSegment);
  const parts: Buffer[] = [Buffer.from([0x78, 0x9c])];
  for (let row = 0; row + rowsPerSegment <= height; row += rowsPerSegment) parts.push(full);
  if (height % rowsPerSegment > 0) parts.push(segment(height % rowsPerSegment));
  // A final empty fixed-Huffman block, then the Adler-32 of all-zero data: a = 1, b = length mod 65521.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((height * rowBytes) % 65521) * 65536 + 1, 0);
  parts.push(Buffer.from([0x03, 0x00]), adler);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', Buffer.concat(parts)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

/** The first bytes of a baseline JPEG declaring `width`×`height` (a header, no picture after it). */
export function makeJpegHeader(width: number, height: number): Uint8Array {
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]));
}

/** The first bytes of an extended WebP (VP8X) declaring a `width`×`height` canvas. */
export function makeWebpHeader(width: number, height: number): Uint8Array {
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'ascii');
  vp8x.writeUInt32LE(10, 4);
  vp8x.writeUIntLE(width - 1, 12, 3);
  vp8x.writeUIntLE(height - 1, 15, 3);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(4 + vp8x.length, 4);
  riff.write('WEBP', 8, 'ascii');
  return new Uint8Array(Buffer.concat([riff, vp8x]));
}

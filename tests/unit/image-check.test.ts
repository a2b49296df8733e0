import { describe, expect, it } from 'vitest';
import { checkImage, MAX_IMAGE_BYTES } from '../../server/model/image-type';
import { makeBlankPng, makeJpegHeader, makePng, makeWebpHeader } from '../helpers/images';

const verdict = (bytes: Uint8Array, declared: string | null) => {
  const check = checkImage(bytes, declared);
  return check.ok ? `${check.type} ${check.width}×${check.height}` : check.message;
};

describe('image checks', () => {
  it('accepts PNG, JPEG and WebP of the declared type up to 8,000 px a side and 40 megapixels', () => {
    expect(verdict(makePng(4), 'image/png')).toBe('image/png 4×4');
    expect(verdict(makeBlankPng(8_000, 5_000), 'image/png; charset=binary')).toBe('image/png 8000×5000');
    expect(verdict(makeBlankPng(6_400, 6_250), 'IMAGE/PNG')).toBe('image/png 6400×6250');
    expect(verdict(makeJpegHeader(1_920, 1_080), 'image/jpeg')).toBe('image/jpeg 1920×1080');
    expect(verdict(makeWebpHeader(8_000, 10), 'image/webp')).toBe('image/webp 8000×10');
  });

  it('refuses a 20000×20000 PNG bomb of under 400 KB, and any image past a limit', () => {
    const bomb = makeBlankPng(20_000, 20_000);
    expect(bomb.byteLength).toBeLessThan(400_000);
    expect(verdict(bomb, 'image/png')).toBe(
      'The image is 20000×20000 pixels; at most 8000 a side and 40 megapixels are accepted.',
    );
    for (const [bytes, type, size] of [
      [makeBlankPng(8_001, 10), 'image/png', '8001×10'],
      [makeBlankPng(10, 8_001), 'image/png', '10×8001'],
      [makeBlankPng(6_401, 6_250), 'image/png', '6401×6250'],
      [makeJpegHeader(65_535, 65_535), 'image/jpeg', '65535×65535'],
      [makeWebpHeader(16_000_000, 2), 'image/webp', '16000000×2'],
    ] as const)
      expect(verdict(bytes, type)).toContain(`is ${size} pixels`);
  });

  it('refuses bytes whose declared type differs from their content', () => {
    expect(verdict(makePng(), 'image/jpeg')).toBe(
      'The file is declared as image/jpeg but its content is image/png.',
    );
    expect(verdict(makeJpegHeader(10, 10), 'image/png')).toContain('content is image/jpeg');
    expect(verdict(makeWebpHeader(10, 10), 'image/svg+xml')).toContain('content is image/webp');
    expect(verdict(makePng(), null)).toBe('The file is declared as no type but its content is image/png.');
    expect(verdict(makePng(), '')).toBe('The file is declared as no type but its content is image/png.');
  });

  it('refuses what is not an image, a damaged header and too many bytes', () => {
    expect(verdict(new TextEncoder().encode('<svg/>'), 'image/png')).toContain('Only PNG, JPEG and WebP');
    const png = makePng();
    expect(verdict(png.subarray(0, 12), 'image/png')).toContain('damaged');
    expect(verdict(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 2]), 'image/jpeg')).toContain('damaged');
    expect(verdict(makeWebpHeader(10, 10).subarray(0, 16), 'image/webp')).toContain('damaged');
    const large = new Uint8Array(MAX_IMAGE_BYTES + 1);
    large.set(png);
    expect(verdict(large, 'image/png')).toBe('Images may be at most 2 MiB.');
  });
});

import { describe, expect, it } from 'vitest';
import { deriveJoinToken, generateToken, hashesEqual, hashToken } from '../../server/domain/tokens';

describe('tokens', () => {
  it('are 256-bit, URL-safe and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1_000 }, generateToken));
    expect(tokens.size).toBe(1_000);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('compare by hash', () => {
    const token = generateToken();
    expect(hashesEqual(hashToken(token), hashToken(token))).toBe(true);
    expect(hashesEqual(hashToken(token), hashToken(`${token}x`))).toBe(false);
  });

  it('derive one stable join token per facilitator token', () => {
    const token = generateToken();
    expect(deriveJoinToken(token)).toBe(deriveJoinToken(token));
    expect(deriveJoinToken(token)).not.toBe(deriveJoinToken(generateToken()));
    expect(deriveJoinToken(token)).not.toBe(token);
  });
});

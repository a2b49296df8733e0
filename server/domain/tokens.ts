import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 bytes = 256 bits from the CSPRNG, well above the 128 bits a link token needs. */
const TOKEN_BYTES = 32;

/** A new unguessable token, URL-safe. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** A short random identifier for rows that appear in URLs (not a secret). */
export function generateId(): string {
  return randomBytes(12).toString('base64url');
}

/** SHA-256 of a token: what the database stores instead of the token. */
export function hashToken(token: string): Uint8Array {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of two token hashes. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The join token is derived from the facilitator token, so the facilitator can always be shown the
 * join link again although the server keeps only hashes of both.
 */
export function deriveJoinToken(facilitatorToken: string): string {
  return createHmac('sha256', facilitatorToken).update('firedrill:join-link').digest('base64url');
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Length of a survey seal key: AES-256. */
export const SEAL_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

// The team and month are authenticated with the score, so a ballot copied into another team's or
// month's batch does not open there.
const boundTo = (teamId: string, month: string) => Buffer.from(`firedrill-survey\n${teamId}\n${month}`);

/**
 * Seals one score: nonce ‖ ciphertext ‖ tag. Every ballot is the same length (one byte of score) and
 * its nonce is random, so two equal scores never share bytes.
 */
export function sealScore(key: Uint8Array, teamId: string, month: string, score: number): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(boundTo(teamId, month));
  const body = Buffer.concat([cipher.update(Uint8Array.of(score)), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens a sealed ballot; throws when the key, team or month do not match or the bytes were changed. */
export function openBallot(key: Uint8Array, teamId: string, month: string, sealed: Uint8Array): number {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(boundTo(teamId, month));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]);
  return plain[0]!;
}

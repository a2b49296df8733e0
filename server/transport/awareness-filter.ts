import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Longest JSON state one awareness client may publish (cursor, name, colour: tiny in practice). */
const MAX_STATE_CHARS = 4_096;

/**
 * Rewrites an incoming awareness update before the server applies it: entries for client ids the
 * sender may not speak for are dropped, oversized or non-object states are dropped, and `user` is
 * replaced by the identity the server authenticated, so nobody can appear under another name.
 * Throws on bytes that are not an awareness update.
 */
export function filterAwarenessUpdate(
  update: Uint8Array,
  mayControl: (clientId: number) => boolean,
  user: Record<string, unknown>,
): { update: Uint8Array; clientIds: number[] } {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (!mayControl(clientId) || raw.length > MAX_STATE_CHARS) continue;
    const state: unknown = JSON.parse(raw);
    if (state === null) {
      kept.push({ clientId, clock, state: 'null' });
    } else if (typeof state === 'object' && !Array.isArray(state)) {
      kept.push({ clientId, clock, state: JSON.stringify({ ...state, user }) });
    }
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return { update: encoding.toUint8Array(encoder), clientIds: kept.map((entry) => entry.clientId) };
}

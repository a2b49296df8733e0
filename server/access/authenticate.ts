import { ErrorCode } from '../contract/errors';
import type { Role } from '../contract/http-workshop';
import { hashesEqual, hashToken } from '../domain/tokens';
import type { WorkshopRepository } from '../persistence/workshop-repository';
import { AppError } from './app-error';

/** Who a token admits, to which workshop. */
export interface Session {
  workshopId: string;
  role: Role;
  /** null for the join token (a guest who has not joined yet). */
  participantId: string | null;
  name: string | null;
}

/**
 * Resolves a token for a workshop: a participant's own token (the facilitator's included) or the
 * join token. Unknown workshops and wrong tokens get the same answer, so a probe learns nothing.
 */
export async function authenticate(
  repo: WorkshopRepository,
  workshopId: string,
  token: string | null | undefined,
): Promise<Session> {
  const refused = () => new AppError(ErrorCode.UNAUTHORIZED, 'This link is not valid for this workshop.');
  if (!token || token.length > 200 || workshopId.length > 64) throw refused();
  const tokenHash = hashToken(token);
  const participant = await repo.findParticipantByTokenHash(workshopId, tokenHash);
  if (participant && hashesEqual(participant.tokenHash, tokenHash)) {
    return { workshopId, role: participant.role, participantId: participant.id, name: participant.name };
  }
  const workshop = await repo.findWorkshop(workshopId);
  if (workshop && hashesEqual(workshop.joinTokenHash, tokenHash)) {
    return { workshopId, role: 'guest', participantId: null, name: null };
  }
  throw refused();
}

/**
 * `authenticate` for the live endpoints, answering from memory what it admitted before (by token
 * hash, never the token). A session never goes stale: participants are never removed, their tokens
 * and table roles never change (the facilitator role moves in the state document), so a cached
 * answer is right on every process, and a join on another process is a miss here that reads the
 * database once. Concurrent misses for one token share one read. So a reconnect storm costs no
 * database round trip, and while the database is away a person whose connection drops is let back
 * in; a token never seen then fails with UNAVAILABLE, which clients retry; a wrong token is refused.
 */
export function rememberingAuthenticate(repo: WorkshopRepository, capacity = 20_000) {
  const known = new Map<string, Session>();
  const reading = new Map<string, Promise<Session>>();
  const read = async (key: string, workshopId: string, token: string): Promise<Session> => {
    try {
      const session = await authenticate(repo, workshopId, token);
      known.set(key, session);
      if (known.size > capacity) known.delete(known.keys().next().value!);
      return session;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(ErrorCode.UNAVAILABLE, 'The server cannot check your link right now: retrying.');
    }
  };
  return async (workshopId: string, token: string | null | undefined): Promise<Session> => {
    if (!token || token.length > 200 || workshopId.length > 64) return authenticate(repo, workshopId, token);
    const key = `${workshopId}:${Buffer.from(hashToken(token)).toString('base64')}`;
    const remembered = known.get(key);
    if (remembered) return remembered;
    let pending = reading.get(key);
    if (!pending) {
      pending = read(key, workshopId, token).finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  };
}

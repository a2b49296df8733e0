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
  const refused = new AppError(ErrorCode.UNAUTHORIZED, 'This link is not valid for this workshop.');
  if (!token || token.length > 200 || workshopId.length > 64) throw refused;
  const tokenHash = hashToken(token);
  const participant = await repo.findParticipantByTokenHash(workshopId, tokenHash);
  if (participant && hashesEqual(participant.tokenHash, tokenHash)) {
    return { workshopId, role: participant.role, participantId: participant.id, name: participant.name };
  }
  const workshop = await repo.findWorkshop(workshopId);
  if (workshop && hashesEqual(workshop.joinTokenHash, tokenHash)) {
    return { workshopId, role: 'guest', participantId: null, name: null };
  }
  throw refused;
}

/**
 * `authenticate` for the live endpoints, remembering the sessions it admitted (by token hash, never
 * the token): while the database is away a person whose connection drops is let back in from memory
 * instead of being refused as if their link were wrong. A token never seen fails with UNAVAILABLE,
 * which clients retry; a wrong token is refused as before.
 */
export function rememberingAuthenticate(repo: WorkshopRepository, capacity = 20_000) {
  const known = new Map<string, Session>();
  return async (workshopId: string, token: string | null | undefined): Promise<Session> => {
    try {
      const session = await authenticate(repo, workshopId, token);
      const key = `${workshopId}:${hashToken(token!)}`;
      known.delete(key);
      known.set(key, session);
      if (known.size > capacity) known.delete(known.keys().next().value!);
      return session;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const remembered = token ? known.get(`${workshopId}:${hashToken(token)}`) : undefined;
      if (remembered) return remembered;
      throw new AppError(ErrorCode.UNAVAILABLE, 'The server cannot check your link right now: retrying.');
    }
  };
}

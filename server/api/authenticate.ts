import type { WorkshopRepository } from '../persistence/workshop-repository';
import { ErrorCode, type Role } from '../protocol';
import { hashesEqual, hashToken } from '../workshop/tokens';
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

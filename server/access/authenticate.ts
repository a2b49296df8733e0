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
 * `authenticate` for the live endpoints, per workshop and from memory: the first connection to a
 * workshop reads all its participants (and its join token) in one query, later ones are answered
 * from what that read, by token hash (never the token). A session never goes stale: participants are
 * never removed, their tokens and table roles never change (the facilitator role moves in the state
 * document), so a remembered answer is right on every process. A token not among them (someone who
 * joined since, perhaps on another process, or a wrong one) is looked up once; lookups of one token
 * at the same time share one read. So a join storm or a reconnect storm costs a query per workshop,
 * not per socket; and while the database is away a person whose connection drops is let back in,
 * a token never seen fails with UNAVAILABLE (clients retry), and a wrong one is refused.
 */
export function rememberingAuthenticate(repo: WorkshopRepository, capacity = 20_000) {
  const known = new Map<string, Session>();
  const reading = new Map<string, Promise<Session>>();
  const loaded = new Map<string, Promise<void>>();
  const keyOf = (workshopId: string, tokenHash: Uint8Array) =>
    `${workshopId}:${Buffer.from(tokenHash).toString('base64')}`;
  const remember = (key: string, session: Session) => {
    known.set(key, session);
    if (known.size > capacity) known.delete(known.keys().next().value!);
  };
  // Everyone of a workshop at once; a failed read is forgotten, so the next connection tries again.
  const loadWorkshop = (workshopId: string) => {
    let pending = loaded.get(workshopId);
    if (!pending) {
      pending = (async () => {
        const [people, workshop] = await Promise.all([
          repo.listParticipants(workshopId),
          repo.findWorkshop(workshopId),
        ]);
        for (const p of people)
          remember(keyOf(workshopId, p.tokenHash), {
            workshopId,
            role: p.role,
            participantId: p.id,
            name: p.name,
          });
        if (workshop)
          remember(keyOf(workshopId, workshop.joinTokenHash), {
            workshopId,
            role: 'guest',
            participantId: null,
            name: null,
          });
      })().catch(() => void loaded.delete(workshopId));
      loaded.set(workshopId, pending);
      if (loaded.size > capacity) loaded.delete(loaded.keys().next().value!);
    }
    return pending;
  };
  const read = async (key: string, workshopId: string, token: string): Promise<Session> => {
    try {
      const session = await authenticate(repo, workshopId, token);
      remember(key, session);
      return session;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(ErrorCode.UNAVAILABLE, 'The server cannot check your link right now: retrying.');
    }
  };
  return async (workshopId: string, token: string | null | undefined): Promise<Session> => {
    if (!token || token.length > 200 || workshopId.length > 64) return authenticate(repo, workshopId, token);
    const key = keyOf(workshopId, hashToken(token));
    if (!known.has(key)) await loadWorkshop(workshopId);
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

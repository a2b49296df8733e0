import { AppError, parseInput } from '../access/app-error';
import { type Limits, spendLimit } from '../access/limits';
import { ErrorCode } from '../contract/errors';
import { type JoinedWorkshop, joinWorkshopSchema } from '../contract/http-workshop';
import { generateId, generateToken, hashesEqual, hashToken } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/** Who is joining from where, and the limits that apply. */
export interface JoinGuard {
  limits: Limits;
  /** The client's address (http/client-address.ts). */
  address: string;
  /** MAX_PARTICIPANTS: the most participants a workshop admits, the facilitator not counted. */
  maxParticipants: number;
}

/**
 * Admits a new participant with the workshop's join token and gives them a token of their own. The
 * join budgets are spent only once the token is right, so a stranger cannot use up a workshop's.
 */
export async function joinWorkshop(
  repo: WorkshopRepository,
  changes: TeamChanges,
  workshopId: string,
  body: unknown,
  guard: JoinGuard,
): Promise<JoinedWorkshop> {
  const input = parseInput(joinWorkshopSchema, body);
  const workshop = await repo.findWorkshop(workshopId);
  if (!workshop) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such workshop.');
  if (!hashesEqual(workshop.joinTokenHash, hashToken(input.joinToken))) {
    throw new AppError(ErrorCode.UNAUTHORIZED, 'This join link is not valid for this workshop.');
  }
  await spendLimit(guard.limits, 'join-per-address', guard.address);
  await spendLimit(guard.limits, 'join-per-workshop', workshopId);
  const participantId = generateId();
  const participantToken = generateToken();
  const admitted = await repo.insertParticipantWithin(
    {
      id: participantId,
      workshopId,
      name: input.name,
      role: 'participant',
      tokenHash: hashToken(participantToken),
    },
    guard.maxParticipants,
  );
  if (!admitted) {
    throw new AppError(
      ErrorCode.WORKSHOP_FULL,
      `This workshop is full: it already has ${guard.maxParticipants} participants, the most it may have. Ask the facilitator to open another workshop for the others.`,
    );
  }
  // A team's workshop list counts the people in each workshop.
  if (workshop.teamId) changes.announce(workshop.teamId, ['workshops']);
  return { participantId, participantToken };
}

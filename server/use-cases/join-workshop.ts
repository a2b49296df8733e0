import { AppError, parseInput } from '../access/app-error';
import { ErrorCode, type JoinedWorkshop, joinWorkshopSchema } from '../contract/protocol';
import { generateId, generateToken, hashesEqual, hashToken } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/** Admits a new participant with the workshop's join token and gives them a token of their own. */
export async function joinWorkshop(
  repo: WorkshopRepository,
  changes: TeamChanges,
  workshopId: string,
  body: unknown,
): Promise<JoinedWorkshop> {
  const input = parseInput(joinWorkshopSchema, body);
  const workshop = await repo.findWorkshop(workshopId);
  if (!workshop) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such workshop.');
  if (!hashesEqual(workshop.joinTokenHash, hashToken(input.joinToken))) {
    throw new AppError(ErrorCode.UNAUTHORIZED, 'This join link is not valid for this workshop.');
  }
  const participantId = generateId();
  const participantToken = generateToken();
  await repo.insertParticipant({
    id: participantId,
    workshopId,
    name: input.name,
    role: 'participant',
    tokenHash: hashToken(participantToken),
  });
  // A team's workshop list counts the people in each workshop.
  if (workshop.teamId) changes.announce(workshop.teamId, ['workshops']);
  return { participantId, participantToken };
}

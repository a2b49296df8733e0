import { AppError } from '../access/app-error';
import { authenticate } from '../access/authenticate';
import { ErrorCode } from '../contract/errors';
import type { WorkshopRecord } from '../contract/http-workshop';
import { deriveJoinToken } from '../domain/tokens';
import type { WorkshopRepository } from '../persistence/workshop-repository';
import { links } from './create-workshop';

/** The workshop's current record for the holder of any valid token of it. */
export async function getWorkshop(
  repo: WorkshopRepository,
  workshopId: string,
  token: string | null,
  origin: string,
): Promise<WorkshopRecord> {
  const session = await authenticate(repo, workshopId, token);
  const [workshop, people, cards] = await Promise.all([
    repo.findWorkshop(workshopId),
    repo.listParticipants(workshopId),
    repo.listScenarios(workshopId),
  ]);
  if (!workshop) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such workshop.');
  return {
    id: workshop.id,
    title: workshop.title,
    durationMinutes: workshop.durationMinutes,
    reflectionMinutes: workshop.reflectionMinutes,
    phase: workshop.phase,
    createdAt: workshop.createdAt.toISOString(),
    endedAt: workshop.endedAt?.toISOString() ?? null,
    // The back of a card (its evidence) is for the facilitator: the room sees it only when revealed.
    scenarios: cards.map(({ id, title, summary, evidence }) => ({
      id,
      title,
      summary,
      evidence:
        session.role === 'facilitator' ? (evidence as WorkshopRecord['scenarios'][number]['evidence']) : [],
    })),
    participants: people.map(({ id, name, role }) => ({ id, name, role })),
    you: { role: session.role, participantId: session.participantId, name: session.name },
    ...(session.role === 'facilitator' && token
      ? { joinUrl: links.join(origin, workshop.id, deriveJoinToken(token)) }
      : {}),
  };
}

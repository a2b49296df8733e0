import { AppError } from '../access/app-error';
import { authenticate } from '../access/authenticate';
import { authenticateTeam } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import type { WorkshopSummary } from '../contract/http-workshop';
import type { WorkshopService } from '../live/workshop-room';
import type { TeamRepository } from '../persistence/team-repository';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/**
 * Read access to a workshop's record: any token of the workshop, or either link of the team it
 * belongs to (history pages read past workshops with the team link).
 */
export async function authorizeWorkshopRead(
  workshops: WorkshopRepository,
  teams: TeamRepository,
  workshopId: string,
  token: string | null,
): Promise<void> {
  try {
    await authenticate(workshops, workshopId, token);
    return;
  } catch (error) {
    const workshop = await workshops.findWorkshop(workshopId);
    if (!workshop?.teamId) throw error;
    await authenticateTeam(teams, workshop.teamId, token).catch(() => {
      throw new AppError(ErrorCode.UNAUTHORIZED, 'This link is not valid for this workshop.');
    });
  }
}

/** The record of an ended workshop for a reader allowed by authorizeWorkshopRead; 409 while it runs. */
export async function readEndedWorkshop(
  workshops: WorkshopRepository,
  teams: TeamRepository,
  service: WorkshopService,
  workshopId: string,
  token: string | null,
): Promise<WorkshopSummary> {
  await authorizeWorkshopRead(workshops, teams, workshopId, token);
  const summary = await service.summary(workshopId);
  if (!summary) throw new AppError(ErrorCode.WRONG_PHASE, 'This workshop has not ended yet.');
  return summary;
}

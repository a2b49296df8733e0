import type { TeamRepository } from '../persistence/team-repository';
import type { WorkshopRepository } from '../persistence/workshop-repository';
import { ErrorCode } from '../protocol';
import { AppError } from './app-error';
import { authenticate } from './authenticate';
import { authenticateTeam } from './team-access';

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

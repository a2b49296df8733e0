import { parseInput } from '../access/app-error';
import { authenticateTeamAdmin } from '../access/team-access';
import { updateTeamSchema } from '../contract/team';
import type { TeamChanges } from '../live/ports';
import type { TeamRepository } from '../persistence/team-repository';

/** Renames the team or sets its next workshop: date, recurrence, people expected. */
export async function updateTeam(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  token: string | null,
  body: unknown,
): Promise<void> {
  await authenticateTeamAdmin(repo, teamId, token);
  const input = parseInput(updateTeamSchema, body);
  await repo.updateTeam(teamId, {
    ...(input.name ? { name: input.name } : {}),
    ...(input.nextWorkshopAt !== undefined
      ? { nextWorkshopAt: input.nextWorkshopAt ? new Date(input.nextWorkshopAt) : null }
      : {}),
    ...(input.recurrence ? { recurrence: input.recurrence } : {}),
    ...(input.expectedParticipants !== undefined ? { expectedParticipants: input.expectedParticipants } : {}),
  });
  changes.announce(teamId, ['team']);
}

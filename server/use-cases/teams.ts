/** A team's own use cases: create it, read it, rename it or set its next workshop. */
import { parseInput } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin, teamLinks } from '../access/team-access';
import { type CreatedTeam, createTeamSchema, type TeamView, updateTeamSchema } from '../contract/team';
import { deriveJoinToken, generateId, generateToken, hashToken } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import type { TeamRepository } from '../persistence/team-repository';

/** Creates a team with an admin token and a member token (derived from it, like the join link). */
export async function createTeam(repo: TeamRepository, body: unknown, origin: string): Promise<CreatedTeam> {
  const input = parseInput(createTeamSchema, body);
  const id = generateId();
  const adminToken = generateToken();
  const memberToken = deriveJoinToken(adminToken);
  await repo.insertTeam({
    id,
    name: input.name,
    adminTokenHash: hashToken(adminToken),
    memberTokenHash: hashToken(memberToken),
    nextWorkshopAt: null,
  });
  return {
    id,
    adminToken,
    memberToken,
    adminUrl: teamLinks.admin(origin, id, adminToken),
    memberUrl: teamLinks.member(origin, id, memberToken),
  };
}

/** The team as its page shows it. */
export async function getTeam(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
  origin: string,
): Promise<TeamView> {
  const session = await authenticateTeam(repo, teamId, token);
  const team = (await repo.findTeam(teamId))!;
  return {
    id: team.id,
    name: team.name,
    role: session.role,
    nextWorkshopAt: team.nextWorkshopAt?.toISOString() ?? null,
    recurrence: team.recurrence,
    expectedParticipants: team.expectedParticipants,
    ...(session.role === 'admin' && token
      ? { memberUrl: teamLinks.member(origin, team.id, deriveJoinToken(token)) }
      : {}),
  };
}

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

import { ErrorCode } from '../contract/protocol';
import { type CreatedTeam, createTeamSchema, type TeamView } from '../contract/team';
import { deriveJoinToken, generateId, generateToken, hashesEqual, hashToken } from '../domain/tokens';
import type { TeamRepository } from '../persistence/team-repository';
import { AppError, parseInput } from './app-error';

/** Who a team token admits. */
export interface TeamSession {
  teamId: string;
  role: 'admin' | 'member';
}

/** Team links; tokens travel in the fragment like workshop links. */
export const teamLinks = {
  admin: (origin: string, id: string, token: string) => `${origin}/t/${id}#token=${token}`,
  member: (origin: string, id: string, token: string) => `${origin}/t/${id}#token=${token}`,
};

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

/** Resolves a team token; wrong tokens and unknown teams get the same 401. */
export async function authenticateTeam(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
): Promise<TeamSession> {
  const refused = new AppError(ErrorCode.UNAUTHORIZED, 'This link is not valid for this team.');
  if (!token || token.length > 200 || teamId.length > 64) throw refused;
  const team = await repo.findTeam(teamId);
  if (!team) throw refused;
  const hash = hashToken(token);
  if (hashesEqual(team.adminTokenHash, hash)) return { teamId, role: 'admin' };
  if (hashesEqual(team.memberTokenHash, hash)) return { teamId, role: 'member' };
  throw refused;
}

/** Like authenticateTeam, but only the admin link passes. */
export async function authenticateTeamAdmin(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
): Promise<TeamSession> {
  const session = await authenticateTeam(repo, teamId, token);
  if (session.role !== 'admin')
    throw new AppError(ErrorCode.NOT_FACILITATOR, 'Only the team admin link can change this.');
  return session;
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

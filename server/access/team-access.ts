import { ErrorCode } from '../contract/errors';
import type { TeamRole } from '../contract/vocabulary';
import { hashesEqual, hashToken } from '../domain/tokens';
import type { TeamRepository } from '../persistence/team-repository';
import { AppError } from './app-error';

/** Who a team token admits. */
export interface TeamSession {
  teamId: string;
  role: TeamRole;
}

/** Team links; tokens travel in the fragment like workshop links. */
export const teamLinks = {
  admin: (origin: string, id: string, token: string) => `${origin}/t/${id}#token=${token}`,
  member: (origin: string, id: string, token: string) => `${origin}/t/${id}#token=${token}`,
};

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

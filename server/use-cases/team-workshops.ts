import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import type { CreatedWorkshop } from '../contract/http-workshop';
import { teamWorkshopSchema } from '../contract/team';
import type { TeamChanges } from '../live/ports';
import type { TeamRepository } from '../persistence/team-repository';
import type { WorkshopRepository } from '../persistence/workshop-repository';
import { insertWorkshop } from './create-workshop';

/** Creates a workshop of the team from library cards, in the order picked. */
export async function createTeamWorkshop(
  teams: TeamRepository,
  workshops: WorkshopRepository,
  changes: TeamChanges,
  teamId: string,
  token: string | null,
  body: unknown,
  origin: string,
): Promise<CreatedWorkshop> {
  await authenticateTeamAdmin(teams, teamId, token);
  const input = parseInput(teamWorkshopSchema, body);
  const found = new Map((await teams.findCards(teamId, input.cardIds)).map((card) => [card.id, card]));
  const missing = input.cardIds.find((id) => !found.has(id));
  if (missing) throw new AppError(ErrorCode.UNKNOWN_CARD, 'A picked card is not in this team’s library.');
  const cards = input.cardIds.map((id) => found.get(id)!);
  const created = await insertWorkshop(
    workshops,
    {
      title: input.title,
      durationMinutes: input.durationMinutes,
      reflectionMinutes: input.reflectionMinutes,
      facilitatorName: input.facilitatorName,
      scenarios: cards.map(({ title, summary, evidence }) => ({ title, summary, evidence })),
    },
    origin,
    { teamId, libraryCardIds: cards.map((card) => card.id) },
  );
  changes.announce(teamId, ['workshops']);
  return created;
}

/**
 * Cards to put in the hat for `participants` people: two each, cards never run first, then the
 * ones run longest ago. `warning` says when the library is too small.
 */
export async function suggestCards(
  teams: TeamRepository,
  teamId: string,
  token: string | null,
  participants: number,
) {
  await authenticateTeam(teams, teamId, token);
  const wanted = Math.max(1, Math.min(50, Math.floor(participants))) * 2;
  const cards = await teams.listCards(teamId, false);
  const ranked = [...cards].sort(
    (a, b) =>
      (a.lastRunAt ?? '').localeCompare(b.lastRunAt ?? '') ||
      a.runCount - b.runCount ||
      a.title.localeCompare(b.title),
  );
  const picked = ranked.slice(0, wanted);
  return {
    wanted,
    cardIds: picked.map((card) => card.id),
    warning:
      picked.length < wanted
        ? `The library has ${picked.length} card${picked.length === 1 ? '' : 's'}; ${wanted} are suggested for ${participants} people (two each).`
        : null,
  };
}

/** The team's workshops, newest first, and the next planned date. */
export async function listTeamWorkshops(teams: TeamRepository, teamId: string, token: string | null) {
  await authenticateTeam(teams, teamId, token);
  const [team, workshops] = await Promise.all([teams.findTeam(teamId), teams.listWorkshops(teamId)]);
  return { nextWorkshopAt: team?.nextWorkshopAt?.toISOString() ?? null, workshops };
}

import { AppError } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import type { CalendarView } from '../contract/notify';
import { teamCalendar } from '../domain/team-calendar';
import { generateToken, hashesEqual, hashToken } from '../domain/tokens';
import type { NotifyRepository } from '../persistence/notify-repository';
import type { TeamRepository } from '../persistence/team-repository';

/** What the calendar use cases need. */
export interface CalendarDeps {
  teams: TeamRepository;
  notify: NotifyRepository;
}

const feedUrl = (origin: string, teamId: string, secret: string): CalendarView => {
  const url = `${origin}/api/teams/${teamId}/calendar/${secret}.ics`;
  return { feedUrl: url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
};

/** Where the team's feed is (anyone with a team link); the secret is made on first ask. */
export async function calendarView(
  deps: CalendarDeps,
  teamId: string,
  token: string | null,
  origin: string,
): Promise<CalendarView> {
  await authenticateTeam(deps.teams, teamId, token);
  const secret = await deps.notify.calendarSecret(teamId, generateToken());
  return feedUrl(origin, teamId, secret!);
}

/** A new feed secret (admin): the old feed URL answers 404 from now on. */
export async function rotateCalendar(
  deps: CalendarDeps,
  teamId: string,
  token: string | null,
  origin: string,
): Promise<CalendarView> {
  await authenticateTeamAdmin(deps.teams, teamId, token);
  const secret = generateToken();
  await deps.notify.rotateCalendarSecret(teamId, secret);
  return feedUrl(origin, teamId, secret);
}

/**
 * The feed at `<secret>.ics`, for calendar apps (no token: the secret is the key). Wrong secrets
 * and unknown teams get the same 404.
 */
export async function calendarFeed(
  deps: CalendarDeps,
  teamId: string,
  file: string,
  origin: string,
): Promise<string> {
  const missing = new AppError(ErrorCode.NOT_FOUND, 'There is no calendar at this address.');
  const secret = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file)?.[1];
  if (!secret || teamId.length > 64) throw missing;
  const team = await deps.teams.findTeam(teamId);
  // Compared hashed, in constant time, so the answer's timing says nothing about the secret.
  if (!team?.calendarSecret || !hashesEqual(hashToken(team.calendarSecret), hashToken(secret))) throw missing;
  return buildCalendar(deps, team, origin);
}

/** The next workshop as an .ics file to add to one's calendar (anyone with a team link). */
export async function nextWorkshopIcs(
  deps: CalendarDeps,
  teamId: string,
  token: string | null,
  origin: string,
): Promise<string> {
  await authenticateTeam(deps.teams, teamId, token);
  const team = (await deps.teams.findTeam(teamId))!;
  if (!team.nextWorkshopAt)
    throw new AppError(ErrorCode.NOT_FOUND, 'No next workshop is planned: set its date first.');
  return buildCalendar(deps, team, origin);
}

async function buildCalendar(
  deps: CalendarDeps,
  team: NonNullable<Awaited<ReturnType<TeamRepository['findTeam']>>>,
  origin: string,
): Promise<string> {
  return teamCalendar({
    team,
    durationMinutes: (await deps.notify.latestDurationMinutes(team.id)) ?? 60,
    teamPageUrl: `${origin}/t/${team.id}`,
  });
}

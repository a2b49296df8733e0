import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import { type ActionView, updateActionSchema } from '../contract/team';
import type { TeamChanges } from '../live/ports';
import type { TeamRepository } from '../persistence/team-repository';

/** Every action of the team's workshops. */
export async function listTeamActions(teams: TeamRepository, teamId: string, token: string | null) {
  await authenticateTeam(teams, teamId, token);
  return teams.listActions(teamId);
}

/** Changes an action's status, text, owner or due date. */
export async function updateTeamAction(
  teams: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  actionId: string,
  token: string | null,
  body: unknown,
) {
  await authenticateTeamAdmin(teams, teamId, token);
  const fields = parseInput(updateActionSchema, body);
  if (!(await teams.updateAction(teamId, actionId, fields)))
    throw new AppError(ErrorCode.NOT_FOUND, 'There is no such action.');
  changes.announce(teamId, ['actions']);
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quote every cell; a leading = + - @ is prefixed so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

/** The tracker as CSV for an issue tracker or a spreadsheet. */
export function actionsToCsv(actions: ActionView[]): string {
  const header = [
    'Action',
    'Owner',
    'Due date',
    'Status',
    'Priority',
    'Votes',
    'Scenario',
    'Workshop',
    'Created',
  ];
  const rows = actions.map((a) =>
    [
      a.text,
      a.ownerName,
      a.dueDate,
      a.status,
      a.priority,
      a.votes,
      a.scenarioTitle,
      a.workshopTitle,
      a.createdAt.slice(0, 10),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.map(csvCell).join(','), ...rows].join('\r\n')}\r\n`;
}

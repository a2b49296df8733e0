/** What Firedrill announces in a team's chat. */
export type AnnouncementEvent = 'summary' | 'reminder' | 'overdue' | 'survey' | 'test';

/**
 * A message before it is shaped for Slack, Teams or the generic format. Links into the team's pages
 * are given as a path (`/t/<id>/w/<wid>`) and completed per webhook with the team link's origin and
 * token; a workshop's join link is already whole.
 */
export interface Announcement {
  event: AnnouncementEvent;
  team: { id: string; name: string };
  title: string;
  lines: string[];
  link: { label: string } & ({ teamPath: string } | { url: string });
  /** Machine-readable facts for the generic format. */
  data: Record<string, unknown>;
}

/** The counts a workshop summary gives: never the text on the walls. */
export interface SummaryCounts {
  workshopId: string;
  title: string;
  participants: number;
  turns: number;
  notes: { crappy: number; awesome: number };
  actions: number;
}

type Team = Announcement['team'];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Most overdue actions one message lists; the rest are counted. */
const MAX_LISTED = 10;

/** A workshop has ended: counts and a link to its record. */
export function workshopSummary(team: Team, counts: SummaryCounts): Announcement {
  return {
    event: 'summary',
    team,
    title: `Workshop ended: ${counts.title}`,
    lines: [
      `${plural(counts.participants, 'person', 'people')}, ${plural(counts.turns, 'turn')} at the laptop.`,
      `${plural(counts.notes.crappy, 'note')} on What's crappy, ${plural(counts.notes.awesome, 'note')} on What's awesome, ${plural(counts.actions, 'action')} agreed.`,
    ],
    link: { label: 'Open the record', teamPath: `/t/${team.id}/w/${counts.workshopId}` },
    data: { ...counts },
  };
}

/** The team's next workshop starts soon. */
export function workshopReminder(
  team: Team,
  startsAt: Date,
  now: Date,
  joinUrl: string | undefined,
): Announcement {
  const minutes = Math.max(1, Math.round((startsAt.getTime() - now.getTime()) / 60_000));
  const time = `${startsAt.toISOString().slice(11, 16)} UTC`;
  return {
    event: 'reminder',
    team,
    title: `Firedrill workshop in ${plural(minutes, 'minute')}`,
    lines: [`${team.name}'s production-support workshop starts at ${time}.`],
    link: joinUrl
      ? { label: 'Join the workshop', url: joinUrl }
      : { label: 'Open the team page', teamPath: `/t/${team.id}` },
    data: { startsAt: startsAt.toISOString(), minutes },
  };
}

/** Open actions past their due date. */
export function overdueActions(
  team: Team,
  actions: { id: string; text: string; ownerName: string | null; dueDate: string }[],
): Announcement {
  const listed = actions
    .slice(0, MAX_LISTED)
    .map((a) => `• ${a.text} (${a.ownerName ?? 'no owner'}, due ${a.dueDate})`);
  const more = actions.length - listed.length;
  return {
    event: 'overdue',
    team,
    title: `${plural(actions.length, 'action')} past ${actions.length === 1 ? 'its' : 'their'} due date`,
    lines: more > 0 ? [...listed, `… and ${more} more.`] : listed,
    link: { label: 'Open the action tracker', teamPath: `/t/${team.id}` },
    data: {
      actions: actions.map(({ id, text, ownerName, dueDate }) => ({ id, text, ownerName, dueDate })),
    },
  };
}

/**
 * The month's confidence survey is open. `previous` is last month's result only when the team page
 * shows it too (three answers or more): the count and the mean, nothing finer.
 */
export function surveyOpen(
  team: Team,
  month: string,
  previous: { month: string; answers: number; mean: number } | null,
): Announcement {
  return {
    event: 'survey',
    team,
    title: `The ${monthName(month)} confidence survey is open`,
    lines: [
      'How confident do you feel supporting our production systems? One anonymous answer, 1 to 5.',
      ...(previous
        ? [
            `${monthName(previous.month)}: ${previous.mean.toFixed(1)} on average from ${previous.answers} answers.`,
          ]
        : []),
    ],
    link: { label: 'Answer the survey', teamPath: `/t/${team.id}` },
    data: { month, previous },
  };
}

/** The admin's "Send test message". */
export function testMessage(team: Team): Announcement {
  return {
    event: 'test',
    team,
    title: 'Firedrill is connected',
    lines: [`This channel will hear about ${team.name}'s workshops, actions and survey.`],
    link: { label: 'Open the team page', teamPath: `/t/${team.id}` },
    data: {},
  };
}

/** "November 2026" for "2026-11". */
export function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleString('en', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

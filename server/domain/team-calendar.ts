import { createEvents, type EventAttributes } from 'ics';
import type { Recurrence } from '../contract/vocabulary';

/** What a team's calendar shows. */
export interface TeamCalendarInput {
  team: { id: string; name: string; nextWorkshopAt: Date | null; recurrence: Recurrence };
  /** Planned length of a workshop, minutes (the team's latest, else 60). */
  durationMinutes: number;
  /** The team page, without a token: the calendar may be shared more widely than the team link. */
  teamPageUrl: string;
}

/**
 * The team's upcoming workshops as iCalendar text: the next one, repeating monthly when the team's
 * recurrence is monthly, in UTC. One stable UID per team, so a calendar that imported the download
 * and subscribed to the feed shows one series, and moves it when the date changes. Escaping and line
 * folding are the `ics` library's.
 */
export function teamCalendar({ team, durationMinutes, teamPageUrl }: TeamCalendarInput): string {
  const events: EventAttributes[] = team.nextWorkshopAt
    ? [
        {
          uid: `workshop-${team.id}@firedrill`,
          start: team.nextWorkshopAt.getTime(),
          startInputType: 'utc',
          startOutputType: 'utc',
          duration: { minutes: durationMinutes },
          title: `Firedrill workshop: ${team.name}`,
          description: `${team.name}'s production-support workshop. Open the team page for the join link.`,
          url: teamPageUrl,
          ...(team.recurrence === 'monthly' ? { recurrenceRule: 'FREQ=MONTHLY' } : {}),
        },
      ]
    : [];
  const { error, value } = createEvents(events, {
    productId: '-//Firedrill//Team calendar//EN',
    calName: `Firedrill: ${team.name}`,
  });
  if (error || !value) throw error ?? new Error('the calendar could not be written');
  return value;
}

import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CalendarView } from '../../server/contract/notify';
import type { CreatedTeam } from '../../server/contract/team';
import { drivers } from '../helpers/databases';
import { createTeam, teamApi } from '../helpers/team';
import { useServer } from '../helpers/use-server';

/** Parses iCalendar text with a real parser; the events of the calendar. */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const rrule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      startIsUtc: event.startDate.zone?.tzid === 'UTC',
      minutes: event.duration.toSeconds() / 60,
      url: vevent.getFirstPropertyValue('url') as string,
      freq: rrule?.freq ?? null,
    };
  });
}

describe.each(drivers)('team calendar on %s', (driver) => {
  const served = useServer({ driver });
  let team: CreatedTeam;
  let admin: ReturnType<typeof teamApi>;
  let member: ReturnType<typeof teamApi>;

  beforeAll(async () => {
    team = await createTeam(served.url, 'Payments, Billing; and "Refunds"');
    admin = teamApi(served.url, team.id, team.adminToken);
    member = teamApi(served.url, team.id, team.memberToken);
  });

  it('serves the upcoming workshop with its monthly recurrence at a secret URL that needs no token', async () => {
    const { body: view } = await member.get<CalendarView>('/calendar');
    expect(view.feedUrl).toMatch(
      new RegExp(`^${served.url}/api/teams/${team.id}/calendar/[A-Za-z0-9_-]{43}\\.ics$`),
    );
    expect(view.webcalUrl).toBe(view.feedUrl.replace(/^http:/, 'webcal:'));
    expect((await member.get<CalendarView>('/calendar')).body.feedUrl).toBe(view.feedUrl);

    const empty = await fetch(view.feedUrl);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(parseCalendar(await empty.text())).toEqual([]);

    const startsAt = '2027-01-14T15:30:00.000Z';
    expect((await admin.patch('', { nextWorkshopAt: startsAt, recurrence: 'monthly' })).status).toBe(200);
    const feed = await fetch(view.feedUrl);
    const text = await feed.text();
    expect(text).toContain('RRULE:FREQ=MONTHLY');
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(parseCalendar(text)).toEqual([
      {
        uid: `workshop-${team.id}@firedrill`,
        summary: 'Firedrill workshop: Payments, Billing; and "Refunds"',
        start: startsAt,
        startIsUtc: true,
        minutes: 60,
        url: `${served.url}/t/${team.id}`,
        freq: 'MONTHLY',
      },
    ]);
    // No team token or member link inside: the feed may be shared more widely.
    expect(text).not.toContain(team.memberToken);

    await admin.patch('', { recurrence: 'none' });
    expect(parseCalendar(await (await fetch(view.feedUrl)).text())[0]).toMatchObject({
      start: startsAt,
      freq: null,
    });
  });

  it('answers 404 to a wrong secret and to the old URL once the admin rotates it', async () => {
    const { body: before } = await member.get<CalendarView>('/calendar');
    const wrong = before.feedUrl.replace(/[A-Za-z0-9_-]{43}\.ics$/, `${'x'.repeat(43)}.ics`);
    expect((await fetch(wrong)).status).toBe(404);
    expect((await fetch(before.feedUrl.replace(team.id, 'nope'))).status).toBe(404);
    expect((await member.post('/calendar')).status).toBe(403);

    const rotated = await admin.post<CalendarView>('/calendar');
    expect(rotated.status).toBe(200);
    expect(rotated.body.feedUrl).not.toBe(before.feedUrl);
    expect((await fetch(before.feedUrl)).status).toBe(404);
    expect((await fetch(rotated.body.feedUrl)).status).toBe(200);
    expect((await member.get<CalendarView>('/calendar')).body.feedUrl).toBe(rotated.body.feedUrl);
  });

  it('downloads the next workshop as an .ics file for anyone with a team link', async () => {
    await admin.patch('', { nextWorkshopAt: '2027-02-11T09:00:00+01:00', recurrence: 'monthly' });
    const download = await member.get('/calendar/next.ics');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(
      'attachment; filename="firedrill-next-workshop.ics"',
    );
    expect(parseCalendar(download.text)).toMatchObject([
      { start: '2027-02-11T08:00:00.000Z', freq: 'MONTHLY', url: `${served.url}/t/${team.id}` },
    ]);
    expect((await teamApi(served.url, team.id, 'wrong').get('/calendar/next.ics')).status).toBe(401);
    await admin.patch('', { nextWorkshopAt: null });
    expect((await member.get('/calendar/next.ics')).status).toBe(404);
  });
});

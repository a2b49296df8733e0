import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { LibraryCardView } from '../../server/contract/team';
import {
  horizontalOverflow,
  pngSize,
  savePhaseScreenshot,
  seriousViolations,
  type Violation,
  WIDTHS,
} from '../helpers/a11y';
import { newPage, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import { movableClock, moveClock } from '../helpers/clock';
import { joinAs, openRoom, phaseOf } from '../helpers/room-pages';
import type { ServerProcess } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';

/** What one page got wrong at one width. */
interface Finding {
  page: string;
  width: number;
  violations: Violation[];
  scrollWidth: number;
  outside: string[];
}

const CARDS = [
  {
    title: 'Disk full on db-2',
    summary: 'The replica stopped replicating at 02:10.',
    evidence: [
      { kind: 'alert', label: 'Disk alarm', body: '/var/lib/postgresql 100%' },
      { kind: 'log', label: 'Postgres log', body: 'FATAL: could not write to file: No space left on device' },
    ],
  },
  {
    title: 'Refunds stuck',
    summary: 'Customers say refunds never arrive.',
    evidence: [{ kind: 'dashboard', label: 'Refund queue depth', body: '12,403 messages, rising' }],
  },
  {
    title: 'Login loop',
    summary: 'Users are sent back to the login page.',
    evidence: [{ kind: 'chat', label: 'Support channel', body: 'Cannot log in, it keeps asking again' }],
  },
];

describe('accessibility in Chromium', { timeout: 300_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;
  withBrowserAndServer(
    (b, s) => {
      browser = b;
      server = s;
    },
    { env: movableClock(32 * 86_400_000) },
  );

  it('has no serious or critical axe violation on any page and no sideways scroll at 1280 and 360 px', async () => {
    const findings: Finding[] = [];
    const screenshots: string[] = [];
    /**
     * Audits the page: axe at the laptop width, sideways scroll at both. The room's phases (the
     * screens people use on a phone mid-workshop) also get axe and a screenshot at the phone width;
     * axe on every page at both widths cost a minute of CI and never found anything only at 360 px.
     */
    const check = async (page: Page, name: string, screenshot = false) => {
      for (const size of WIDTHS) {
        await page.setViewportSize(size);
        const violations = size === WIDTHS[0] || screenshot ? await seriousViolations(page) : [];
        // Charts re-measure a beat after the window narrows (a phone never had the wide layout).
        let overflow = await horizontalOverflow(page);
        for (const until = Date.now() + 3_000; overflow.scrollWidth > size.width && Date.now() < until; ) {
          await page.waitForTimeout(100);
          overflow = await horizontalOverflow(page);
        }
        const { scrollWidth, outside } = overflow;
        findings.push({ page: name, width: size.width, violations, scrollWidth, outside });
        if (screenshot) screenshots.push(await savePhaseScreenshot(page, name));
      }
      await page.setViewportSize(WIDTHS[0]);
    };

    // The landing page.
    const visitor = await newPage(browser);
    await visitor.goto(server.url);
    await visitor.getByRole('heading', { name: 'Firedrill', level: 1 }).waitFor();
    await check(visitor, 'landing');

    // A team with a library, and an empty team page.
    const team = await createTeam(server.url, 'Payments');
    const api = teamApi(server.url, team.id, team.adminToken);
    const cardIds: string[] = [];
    for (const card of CARDS) cardIds.push((await api.post<LibraryCardView>('/cards', card)).body.id);
    const admin = await newPage(browser);
    await admin.goto(team.adminUrl);
    await admin.getByTestId('library-card').first().waitFor();
    await eventually(async () => expect(await admin.getByText(/^Loading .*…$/).count()).toBe(0));
    await check(admin, 'team-new');
    await admin.getByRole('button', { name: 'New card' }).click();
    await admin.getByRole('button', { name: 'Add evidence' }).click();
    await check(admin, 'team-card-form');
    await admin.getByRole('button', { name: 'Cancel' }).click();

    // The join page, then the room in each phase.
    const workshop = (
      await api.post<CreatedWorkshop>('/workshops', {
        title: 'November drill',
        cardIds,
        facilitatorName: 'Fay',
        durationMinutes: 12,
        reflectionMinutes: 10,
      })
    ).body;
    const joining = await newPage(browser);
    await joining.goto(workshop.joinUrl);
    await joining.getByRole('heading', { name: 'Join “November drill”' }).waitFor();
    await check(joining, 'join');
    await joining.close();

    const fay = await openRoom(browser, workshop.facilitatorUrl);
    const ann = await joinAs(browser, workshop.joinUrl, 'Ann');
    await eventually(async () => expect(await fay.getByTestId('present-person').count()).toBe(2));
    await check(fay, 'lobby', true);
    await check(ann, 'lobby-participant');
    // The facilitator's panels open: the connections table and a card written on the spot.
    await fay.getByTestId('connections').locator('summary').click();
    await fay.getByRole('table', { name: 'Connections of everyone in the workshop' }).waitFor();
    await fay.getByRole('button', { name: 'Add a card' }).click();
    await fay.getByRole('button', { name: 'Add evidence' }).click();
    await check(fay, 'lobby-panels-open');
    await fay.getByRole('button', { name: 'Cancel' }).click();
    await fay.getByTestId('connections').locator('summary').click();

    await fay.getByRole('button', { name: 'Start clock' }).click();
    await fay.getByRole('button', { name: 'Move to draw' }).click();
    await eventually(async () => expect(await phaseOf(ann)).toBe('Draw'));
    await fay.getByRole('button', { name: 'Draw a card' }).click();
    await ann.getByRole('button', { name: 'Draw a card' }).click();
    await eventually(async () => expect(await fay.getByTestId('draw').count()).toBe(2));
    await check(fay, 'draw', true);
    await check(ann, 'draw-participant');

    await fay.getByLabel('Scribe', { exact: true }).selectOption({ label: 'Ann' });
    await fay.getByRole('button', { name: 'Start turns' }).click();
    await eventually(async () => expect(await phaseOf(ann)).toBe('Investigate'));
    await fay
      .getByRole('button', { name: /^Reveal / })
      .first()
      .click();
    await ann.getByLabel('Log a step').fill('Checks the disk usage dashboard');
    await ann.getByRole('button', { name: 'Log', exact: true }).click();
    await fay.getByLabel("New note for What's crappy").fill('No alarm before the disk was full');
    await fay.getByTestId('wall-crappy').getByRole('button', { name: 'Add' }).click();
    await ann.getByLabel("New note for What's awesome").fill('The runbook had the cleanup command');
    await ann.getByTestId('wall-awesome').getByRole('button', { name: 'Add' }).click();
    await eventually(async () => expect(await fay.getByTestId('note').count()).toBe(2));
    await eventually(async () => expect(await ann.getByTestId('timeline-step').count()).toBe(1));
    await check(fay, 'investigate', true);
    await check(ann, 'investigate-participant');

    await fay.getByRole('button', { name: 'Pass the laptop' }).click();
    await eventually(async () =>
      expect(await ann.getByTestId('driver').textContent()).toBe('You are driving'),
    );
    await check(ann, 'investigate-driving');

    for (let i = 0; i < 3; i++) await fay.getByRole('button', { name: 'Remove one minute' }).click();
    await fay.getByTestId('reflect-banner').waitFor();
    await fay.getByRole('button', { name: 'Move to reflection' }).click();
    await eventually(async () => expect(await phaseOf(ann)).toBe('Reflect'));
    await ann.getByLabel('New note for Actions').fill('Alarm at 80% disk');
    await ann.getByTestId('wall-actions').getByRole('button', { name: 'Add' }).click();
    await ann.getByRole('button', { name: 'Vote for “Alarm at 80% disk”' }).click();
    await eventually(async () => expect(await fay.getByTestId('vote-count').textContent()).toBe('1 vote'));
    await check(fay, 'reflect', true);
    await check(ann, 'reflect-participant');

    await fay.getByRole('button', { name: 'End workshop' }).click();
    await fay.getByRole('button', { name: 'Yes, end it' }).click();
    await fay.getByTestId('summary').waitFor();
    await ann.getByTestId('summary').waitFor();
    await check(fay, 'ended', true);
    await check(ann, 'ended-participant');

    // The team page with a workshop, an action and a month of survey answers; the record.
    for (const score of [2, 4, 5])
      await api.post('/survey', { score, surveyKey: `survey-key-${score}-${'x'.repeat(16)}` });
    // The month ends (the server's calendar moves on), so its results are opened and charted.
    await moveClock(server);
    await admin.reload();
    await admin.getByTestId('confidence-chart').waitFor();
    await admin.getByTestId('action-row').first().waitFor();
    await eventually(async () => expect(await admin.getByText(/^Loading .*…$/).count()).toBe(0));
    await check(admin, 'team');
    const member = await newPage(browser);
    await member.goto(team.memberUrl);
    await member.getByTestId('confidence-chart').waitFor();
    await eventually(async () => expect(await member.getByText(/^Loading .*…$/).count()).toBe(0));
    await check(member, 'team-member');
    await admin.getByRole('link', { name: 'View the record of November drill' }).click();
    await admin.getByTestId('workshop-record').waitFor();
    await check(admin, 'record');

    // The next workshop opens with the open action to review.
    const next = (await api.post<CreatedWorkshop>('/workshops', { title: 'December drill', cardIds: [] }))
      .body;
    const lobby = await openRoom(browser, next.facilitatorUrl);
    await lobby.getByTestId('review-item').waitFor();
    await check(lobby, 'lobby-review');

    // A one-off workshop's refusal page.
    const oneOff = await createWorkshop(server.url, { title: 'One-off' });
    const refused = await newPage(browser);
    await refused.goto(`${server.url}/w/${oneOff.id}#token=wrong`);
    await refused.getByTestId('refused').waitFor();
    await check(refused, 'refused');

    const problems = findings.filter(
      (f) => f.violations.length > 0 || f.scrollWidth > f.width || f.outside.length > 0,
    );
    expect(problems).toEqual([]);
    for (const file of screenshots) {
      const png = pngSize(file);
      expect(png, file).not.toBeNull();
      expect(png?.width, file).toBe(file.endsWith('-360.png') ? 360 : 1280);
      expect(png?.bytes, file).toBeGreaterThan(20_000);
    }
  });

  it("announces a draw, the laptop passing, the reflection moment and the clock's last minute in the other participant's browser", async () => {
    // Five minutes with a two-minute reserve: three minutes off reach the reserve, one more the last minute.
    const workshop = await createWorkshop(server.url, {
      title: 'Announced drill',
      facilitatorName: 'Fay',
      durationMinutes: 5,
      reflectionMinutes: 2,
      scenarios: CARDS,
    });
    const fay = await openRoom(browser, workshop.facilitatorUrl);
    const ann = await joinAs(browser, workshop.joinUrl, 'Ann');
    const region = ann.getByTestId('announcer');
    // The region is in the page before anything happens, polite, and says nothing of the past.
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.getAttribute('role')).toBe('log');
    expect(await region.textContent()).toBe('');
    const said = () => region.locator('p').allTextContents();

    await fay.getByRole('button', { name: 'Move to draw' }).click();
    await eventually(async () =>
      expect(await said()).toContain('The draw is open: everyone draws a card from the hat.'),
    );
    await fay.getByRole('button', { name: 'Draw a card' }).click();
    const fayCard = /“(.+)”/.exec((await fay.locator('.your-card').textContent()) ?? '')?.[1];
    await eventually(async () => expect(await said()).toContain(`Fay drew ‘${fayCard}’`));
    await ann.getByRole('button', { name: 'Draw a card' }).click();
    const annCard = /“(.+)”/.exec((await ann.locator('.your-card').textContent()) ?? '')?.[1];
    await eventually(async () =>
      expect(await fay.getByTestId('announcer').locator('p').allTextContents()).toContain(
        `Ann drew ‘${annCard}’`,
      ),
    );

    await fay.getByRole('button', { name: 'Start turns' }).click();
    await eventually(async () => expect(await said()).toContain(`Fay is driving now with ‘${fayCard}’`));
    await fay.getByRole('button', { name: 'Pass the laptop' }).click();
    await eventually(async () => expect(await said()).toContain(`You are driving now with ‘${annCard}’`));
    await eventually(async () =>
      expect(await fay.getByTestId('announcer').locator('p').allTextContents()).toContain(
        `Ann is driving now with ‘${annCard}’`,
      ),
    );

    await fay.getByRole('button', { name: 'Start clock' }).click();
    for (let i = 0; i < 3; i++) await fay.getByRole('button', { name: 'Remove one minute' }).click();
    await eventually(async () =>
      expect(await said()).toContain(
        'Time to reflect: stop investigating and leave the remaining time to agree actions.',
      ),
    );
    expect(await said()).not.toContain('One minute left on the workshop clock.');
    await fay.getByRole('button', { name: 'Remove one minute' }).click();
    await eventually(async () => expect(await said()).toContain('One minute left on the workshop clock.'));
    // Each moment is said once, and a page opened now has nothing to say about them.
    expect((await said()).filter((text) => text.startsWith('Time to reflect'))).toHaveLength(1);
    const late = await openRoom(browser, workshop.facilitatorUrl);
    expect(await late.getByTestId('announcer').textContent()).toBe('');
  });
});

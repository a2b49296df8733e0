import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { ActionView, LibraryCardView } from '../../server/contract/team';
import { newPage, saveScreenshot, withBrowserAndServer } from '../helpers/browser';
import { eventually } from '../helpers/clients';
import { movableClock, moveClock } from '../helpers/clock';
import { makePng } from '../helpers/images';
import { runWorkshop, SHORT_WORKSHOP } from '../helpers/run-workshop';
import type { ServerProcess } from '../helpers/server-process';
import { teamApi } from '../helpers/team';

/** A deck of three cards in the library's Markdown form, as a team would keep it on a wiki page. */
const deckMarkdown = ['Queue backlog', 'DNS outage', 'Disk full']
  .map((title) =>
    [
      `# ${title}`,
      '',
      '- Severity: medium',
      '- Tags: infra',
      '- Made up',
      '',
      `${title} at 02:10.`,
      '',
      '## Evidence',
      '',
      '### log: Service log',
      '',
      '```',
      `${title}: ERROR timeout`,
      '```',
      '',
    ].join('\n'),
  )
  .join('\n---\n\n');

/** One team member answers the survey in a browser of their own, through the member link. */
async function answerSurvey(browser: Browser, memberUrl: string, score: number): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(memberUrl);
  await eventually(async () =>
    expect(await page.getByTestId('role').textContent()).toBe('Member (read-only)'),
  );
  // Sections load one by one and push the form down; click only once the layout settled.
  await eventually(async () => expect(await page.getByText(/^Loading .*…$/).count()).toBe(0));
  await page.getByRole('radio', { name: new RegExp(`^${score} `) }).check();
  await page.getByRole('button', { name: 'Send my answer' }).click();
  await page.getByTestId('survey-thanks').waitFor();
  return page;
}

describe('the team page in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;

  withBrowserAndServer(
    (b, s) => {
      browser = b;
      server = s;
    },
    { env: movableClock(32 * 86_400_000) },
  );

  it('takes a team from creation through a library, a workshop, its actions and the survey', async () => {
    // 1. Create the team on the landing page.
    const admin = await newPage(browser);
    await admin.goto(server.url);
    await saveScreenshot(admin, 'team-0-landing');
    await admin.getByLabel('Team name').fill('Payments');
    await admin.getByRole('button', { name: 'Create team' }).click();
    await admin.waitForURL(/\/t\/[^/#]+$/);
    const teamId = new URL(admin.url()).pathname.split('/')[2]!;
    await admin.getByRole('heading', { name: 'Payments' }).waitFor();
    expect(await admin.getByTestId('role').textContent()).toBe('Admin');
    const memberUrl = await admin.getByRole('textbox', { name: 'Member link for your team' }).inputValue();
    const adminToken = await admin.evaluate(
      (id) => localStorage.getItem(`firedrill:team:${id}:token`),
      teamId,
    );
    const api = teamApi(server.url, teamId, adminToken!);
    await saveScreenshot(admin, 'team-1-created');

    // 2. Write a card with an uploaded PNG and a chat message as evidence.
    await admin.getByRole('button', { name: 'New card' }).click();
    await admin.getByLabel('Title', { exact: true }).fill('Checkout 500s');
    await admin.getByLabel('Summary').fill('The checkout API answers 500 to one request in ten.');
    await admin.getByLabel('Tags (comma-separated)').fill('payments, checkout');
    await admin.getByLabel('Severity').selectOption('high');
    await admin.getByLabel('Happened on').fill('2026-10-02');
    await admin.getByRole('button', { name: 'Add evidence' }).click();
    await admin.getByLabel('Kind of evidence 1').selectOption('image');
    await admin.getByLabel('Label of evidence 1').fill('Error rate graph');
    await admin.getByLabel(/^Image for evidence 1/).setInputFiles({
      name: 'graph.png',
      mimeType: 'image/png',
      buffer: Buffer.from(makePng(24)),
    });
    // The picked file stays in the browser, shown on the redaction canvas, until the card is saved.
    await admin.getByRole('img', { name: /^evidence 1: 0 redaction boxes/ }).waitFor();
    await admin.getByRole('button', { name: 'Add evidence' }).click();
    await admin.getByLabel('Kind of evidence 2').selectOption('chat');
    await admin.getByLabel('Label of evidence 2').fill('Support channel');
    await admin.getByLabel('Text of evidence 2').fill('Customers say checkout spins forever');
    await saveScreenshot(admin, 'team-2-card-form');
    await admin.getByRole('button', { name: 'Add card' }).click();
    const checkoutCard = admin.getByTestId('library-card').filter({ hasText: 'Checkout 500s' });
    await checkoutCard.waitFor();
    expect(await checkoutCard.textContent()).toContain('2 evidence items');
    const stored = (await api.get<LibraryCardView[]>('/cards')).body[0]!;
    expect(stored.evidence.map((e) => e.kind)).toEqual(['image', 'chat']);
    expect(stored).toMatchObject({
      severity: 'high',
      happenedOn: '2026-10-02',
      tags: ['payments', 'checkout'],
    });

    // 3. Import a deck of three made-up cards from a Markdown file.
    await admin.getByLabel('Import a deck (.json or .md)').setInputFiles({
      name: 'deck.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(deckMarkdown),
    });
    await admin.getByText('Imported 3 cards from deck.md.').waitFor();
    await eventually(async () => expect(await admin.getByTestId('library-card').count()).toBe(4));
    expect(await admin.getByTestId('run-count').allTextContents()).toEqual(Array(4).fill('never run'));
    await saveScreenshot(admin, 'team-3-library');

    // 4. Build a workshop for two people from the library's suggestion.
    const builder = admin.getByRole('region', { name: 'New workshop' });
    await builder.getByLabel('Workshop title').fill('November drill');
    await builder.getByLabel('Expected participants').fill('2');
    expect(await builder.getByTestId('deck-warning').textContent()).toContain('0 cards picked for 2 people');
    await builder.getByLabel('Disk full').check();
    await builder.getByTestId('deck-warning').filter({ hasText: '1 card picked' }).waitFor();
    await builder.getByRole('button', { name: 'Suggest cards' }).click();
    await eventually(async () =>
      expect(await builder.getByRole('checkbox', { checked: true }).count()).toBe(4),
    );
    expect(await builder.getByTestId('deck-warning').count()).toBe(0);
    await builder.getByRole('button', { name: 'Create workshop' }).click();
    await builder.getByTestId('created-workshop').waitFor();
    const joinUrl = await builder.getByRole('textbox', { name: 'Join link for the team' }).inputValue();
    const roomHref = (await builder.getByRole('link', { name: 'Open the room' }).getAttribute('href'))!;
    const workshopId = new URL(roomHref).pathname.split('/')[2]!;
    const facilitatorToken = await admin.evaluate(
      (id) => localStorage.getItem(`firedrill:${id}:token`),
      workshopId,
    );
    expect(roomHref).toContain(`#token=${facilitatorToken}`);
    await admin.getByRole('link', { name: 'Open the room of November drill' }).waitFor();
    await saveScreenshot(admin, 'team-4-workshop-created');

    // 5. Run it (the room's own UI is tested in room.test.ts) and end it.
    await runWorkshop(
      server.url,
      {
        id: workshopId,
        facilitatorToken: facilitatorToken!,
        joinToken: new URL(joinUrl).hash.replace('#token=', ''),
        facilitatorUrl: roomHref,
        joinUrl,
      },
      SHORT_WORKSHOP,
    );

    // 6. History, run counts and the action tracker show it.
    await admin.reload();
    const record = admin.getByRole('link', { name: 'View the record of November drill' });
    await record.waitFor();
    const item = await admin.getByTestId('workshop-item').textContent();
    expect(item).toContain('ended');
    expect(item).toMatch(/2 participants · 1 action/);
    expect(
      (await admin.getByTestId('run-count').allTextContents()).filter((t) => t.startsWith('run 1 time')),
    ).toHaveLength(1);
    const actionRow = admin.getByTestId('action-row').filter({ hasText: 'Alarm on queue depth' });
    expect(await actionRow.textContent()).toContain('November drill');
    expect(await admin.getByLabel('Owner of Alarm on queue depth').inputValue()).toBe('Ann');
    await saveScreenshot(admin, 'team-5-history');

    // 7. The record view: who drew what, the turn's timeline, the action.
    await record.click();
    await admin.waitForURL(new RegExp(`/t/${teamId}/w/${workshopId}$`));
    const view = admin.getByTestId('workshop-record');
    await view.waitFor();
    expect(await view.textContent()).toContain('Ann drew');
    expect(await view.getByTestId('record-turn').textContent()).toMatch(/\+0:\d\d\s*Revealed/);
    expect(await view.textContent()).toContain('Alarm on queue depth');
    await admin.getByRole('button', { name: 'Export the record as Markdown' }).waitFor();
    await saveScreenshot(admin, 'team-6-record');
    await admin.getByRole('link', { name: '← Back to the team' }).click();

    // 8. The admin moves the action on in the tracker.
    await admin.getByLabel('Status of Alarm on queue depth').selectOption('in_progress');
    await eventually(async () =>
      expect(await (await api.get<ActionView[]>('/actions')).body[0]?.status).toBe('in_progress'),
    );
    await saveScreenshot(admin, 'team-7-tracker');

    // 8b. The next workshop opens with the action under review; the room ticks it off together, live,
    // and the tracker follows.
    const next = (await api.post<CreatedWorkshop>('/workshops', { title: 'December drill', cardIds: [] }))
      .body;
    const lobby = await newPage(browser);
    await lobby.goto(next.facilitatorUrl);
    const joiner = await newPage(browser);
    await joiner.goto(next.joinUrl);
    await joiner.getByLabel('Your name').fill('Ann');
    await joiner.getByRole('button', { name: 'Enter the room' }).click();
    await joiner.getByTestId('review-item').filter({ hasText: 'Alarm on queue depth' }).waitFor();
    await lobby.getByRole('button', { name: 'Mark “Alarm on queue depth” done' }).click();
    await eventually(async () =>
      expect(await joiner.getByLabel('Status of Alarm on queue depth').inputValue()).toBe('done'),
    );
    await eventually(async () =>
      expect(await (await api.get<ActionView[]>('/actions')).body[0]?.status).toBe('done'),
    );
    await saveScreenshot(lobby, 'team-7b-lobby-review');

    // 9. Three members answer the survey; the month stays sealed while open, and its results appear
    // once it has ended (the server's calendar moves a month on).
    const first = await answerSurvey(browser, memberUrl, 4);
    expect(await first.getByRole('button', { name: 'New card' }).count()).toBe(0);
    await first.getByText('1 answer so far — results when the month ends').waitFor();
    expect(await first.getByTestId('confidence-chart').count()).toBe(0);
    const second = await answerSurvey(browser, memberUrl, 2);
    await second.getByText('2 answers so far — results when the month ends').waitFor();
    await saveScreenshot(second, 'team-8-survey-hidden');
    const third = await answerSurvey(browser, memberUrl, 5);
    await third.getByText('3 answers so far — results when the month ends').waitFor();
    expect(await third.getByTestId('confidence-chart').count()).toBe(0);
    await moveClock(server);
    await third.reload();
    await third.getByTestId('confidence-chart').waitFor();
    const row = third.getByTestId('confidence-row');
    await eventually(async () => expect(await row.textContent()).toMatch(/3\s*3\.7\s*100 %/));
    expect(await third.getByTestId('distribution').getAttribute('aria-label')).toBe(
      '0 answered 1, 1 answered 2, 0 answered 3, 1 answered 4, 1 answered 5',
    );
    await third.getByTestId('confidence-chart').locator('svg.recharts-surface').first().waitFor();
    await saveScreenshot(third, 'team-9-survey-chart');
    // Answering twice from the same browser is refused kindly.
    await third.reload();
    await third.getByTestId('survey-thanks').waitFor();

    // At tablet width the page stacks into one column and stays usable.
    await third.setViewportSize({ width: 768, height: 1024 });
    await third.getByTestId('library-card').first().waitFor();
    await third.getByTestId('confidence-chart').waitFor();
    await saveScreenshot(third, 'team-10-tablet');

    // A wrong token gets a clear refusal.
    const stranger = await newPage(browser);
    await stranger.goto(`${server.url}/t/${teamId}#token=wrong`);
    await stranger.getByTestId('refused').waitFor();
  });
});

import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TeamView } from '../../server/contract/team';
import { focusedElement, keyboardFocus } from '../helpers/a11y';
import { newPage, saveScreenshot, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import { joinAs, openRoom, phaseOf } from '../helpers/room-pages';
import type { ServerProcess } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';

const CARDS = [
  {
    title: 'Disk full on db-2',
    summary: 'The replica stopped.',
    evidence: [
      { kind: 'alert', label: 'Disk alarm', body: '/var/lib/postgresql 100%' },
      { kind: 'log', label: 'Postgres log', body: 'FATAL: could not write: No space left on device' },
    ],
  },
  { title: 'Refunds stuck', summary: 'Refunds never arrive.', evidence: [] },
];

/** The names of the facilitator's toolbar controls, in order, and of those outside it. */
function controlsOf(page: Page) {
  const toolbar = page.getByRole('toolbar', { name: 'Facilitator controls' });
  return {
    toolbar,
    inside: () =>
      toolbar
        .locator('button, select, input')
        .evaluateAll((els) =>
          els.map(
            (el) => el.getAttribute('aria-label') || el.closest('label')?.textContent || el.textContent,
          ),
        ),
    /** How many of the toolbar's controls are in the Tab order. */
    tabStops: () =>
      toolbar
        .locator('button, select, input')
        .evaluateAll((els) => els.filter((el) => (el as HTMLElement).tabIndex === 0).length),
  };
}

/** The texts of the empty states inside one part of the page. */
const emptyStates = (page: Page, testId: string) =>
  page.getByTestId(testId).getByTestId('empty-state').allTextContents();

describe('polish a team notices', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;
  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it("gathers the facilitator's controls for the phase in one toolbar, one Tab stop, with arrow keys inside", async () => {
    const workshop = await createWorkshop(server.url, {
      title: 'Toolbar drill',
      facilitatorName: 'Fay',
      scenarios: CARDS,
    });
    const fay = await openRoom(browser, workshop.facilitatorUrl);
    const ann = await joinAs(browser, workshop.joinUrl, 'Ann');
    const bar = controlsOf(fay);
    const clock = ['Start clock', 'Add one minute', 'Remove one minute', 'Add five minutes', 'Turn timebox'];
    const names = (list: string[]) => list.map((name) => expect.stringContaining(name));
    // Lobby: the phase, the clock and the hat.
    expect(await bar.inside()).toEqual(
      names(['Move to draw', 'End workshop', ...clock, 'Fill the hat', 'Add a card']),
    );
    expect(await bar.tabStops()).toBe(1);
    // Participants get no toolbar, and none of its controls elsewhere.
    expect(await ann.getByRole('toolbar').count()).toBe(0);
    for (const name of ['Move to draw', 'Start clock', 'Fill the hat', 'End workshop'])
      expect(await ann.getByRole('button', { name }).count(), name).toBe(0);
    // Nor does the facilitator find them scattered outside the toolbar.
    for (const name of ['Move to draw', 'Start clock', 'Fill the hat', 'End workshop', 'Add a card'])
      expect(await fay.getByRole('button', { name, exact: true }).count(), name).toBe(1);

    // Tab reaches the toolbar once; the arrows, Home and End move inside it and wrap.
    await keyboardFocus(fay, bar.toolbar.getByRole('button', { name: 'Move to draw' }));
    await fay.keyboard.press('ArrowRight');
    expect((await focusedElement(fay))?.description).toBe('button "End workshop"');
    await fay.keyboard.press('End');
    expect((await focusedElement(fay))?.description).toBe('button "Add a card"');
    await fay.keyboard.press('ArrowRight');
    expect((await focusedElement(fay))?.description).toBe('button "Move to draw"');
    await fay.keyboard.press('ArrowLeft');
    expect((await focusedElement(fay))?.description).toBe('button "Add a card"');
    await fay.keyboard.press('Home');
    expect((await focusedElement(fay))?.description).toBe('button "Move to draw"');
    // The last control used is the one Tab comes back to.
    await fay.keyboard.press('End');
    await fay.keyboard.press('Tab');
    await fay.keyboard.press('Shift+Tab');
    expect((await focusedElement(fay))?.description).toBe('button "Add a card"');
    expect(await bar.tabStops()).toBe(1);

    // Adding a card opens its form below the toolbar.
    await fay.keyboard.press('Enter');
    await fay.getByRole('form', { name: 'New scenario card' }).waitFor();
    expect(await bar.toolbar.getByRole('button', { name: 'Add a card' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    await fay.getByRole('button', { name: 'Cancel' }).click();

    // Draw: the turns join; investigate: passing the laptop; reflect: only the end and the clock.
    await bar.toolbar.getByRole('button', { name: 'Move to draw' }).click();
    await eventually(async () => expect(await phaseOf(ann)).toBe('Draw'));
    await fay.getByRole('button', { name: 'Draw a card' }).click();
    await ann.getByRole('button', { name: 'Draw a card' }).click();
    const turns = ['The driver may pass the laptop'];
    const hat = ['Fill the hat', 'Add a card'];
    await eventually(async () =>
      expect(await bar.inside()).toEqual(
        names(['Move to investigate', 'End workshop', 'Start turns', ...turns, ...clock, ...hat]),
      ),
    );
    await bar.toolbar.getByRole('button', { name: 'Start turns' }).click();
    await eventually(async () =>
      expect(await bar.inside()).toEqual(
        names(['Move to reflection', 'End workshop', 'Pass the laptop', ...turns, ...clock, ...hat]),
      ),
    );
    // The turns move from the toolbar only: the turn order keeps just its list.
    expect(await fay.getByRole('button', { name: 'Pass the laptop' }).count()).toBe(1);
    await bar.toolbar.getByRole('button', { name: 'Move to reflection' }).click();
    await eventually(async () => expect(await bar.inside()).toEqual(names(['End workshop', ...clock])));
    expect(await bar.tabStops()).toBe(1);
    await saveScreenshot(fay, 'polish-toolbar-reflect');
  });

  it("puts the driver's stage full screen with the evidence large, and Escape leaves", async () => {
    const workshop = await createWorkshop(server.url, {
      title: 'Screen share drill',
      facilitatorName: 'Fay',
      scenarios: CARDS.slice(0, 1),
    });
    const fay = await openRoom(browser, workshop.facilitatorUrl);
    const bar = controlsOf(fay);
    await bar.toolbar.getByRole('button', { name: 'Move to draw' }).click();
    await fay.getByRole('button', { name: 'Draw a card' }).click();
    await bar.toolbar.getByRole('button', { name: 'Start turns' }).click();
    await fay.getByRole('button', { name: 'Reveal Alert — Disk alarm' }).click();
    const evidence = fay.getByTestId('evidence-revealed').locator('.evidence-body').first();
    await evidence.waitFor();
    const fontSize = () => evidence.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    const fullscreenTestId = () =>
      fay.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null);
    const normal = await fontSize();
    expect(await fullscreenTestId()).toBeNull();

    // By keyboard: Tab to the button, Enter.
    await keyboardFocus(fay, fay.getByRole('button', { name: 'Full screen' }));
    await fay.keyboard.press('Enter');
    await eventually(async () => expect(await fullscreenTestId()).toBe('stage'));
    await fay.getByRole('button', { name: 'Leave full screen' }).waitFor();
    expect(await fontSize()).toBeGreaterThanOrEqual(normal * 1.8);
    // The driver still reveals from full screen.
    await fay.getByRole('button', { name: 'Reveal Log — Postgres log' }).click();
    await eventually(async () => expect(await fay.getByTestId('evidence-revealed').count()).toBe(2));
    await saveScreenshot(fay, 'polish-stage-fullscreen');

    await fay.keyboard.press('Escape');
    await eventually(async () => expect(await fullscreenTestId()).toBeNull());
    await fay.getByRole('button', { name: 'Full screen' }).waitFor();
    expect(await fontSize()).toBe(normal);
  });

  it('lets the admin rename the team, refuses a blank name without changing it, and gives members no rename', async () => {
    const team = await createTeam(server.url, 'Payments');
    const api = teamApi(server.url, team.id, team.adminToken);
    const admin = await newPage(browser);
    await admin.goto(team.adminUrl);
    await admin.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();

    // A blank name is refused: the message says why and the name stays.
    await admin.getByRole('button', { name: 'Rename team' }).click();
    const field = admin.getByLabel('Team name');
    expect(await focusedElement(admin)).toMatchObject({ description: 'input "name"' });
    await field.fill('   ');
    await admin.getByRole('button', { name: 'Save name' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Invalid name: must not be empty' }).waitFor();
    expect((await api.get<TeamView>('')).body.name).toBe('Payments');

    // Escape leaves the field as it was; the focus goes back to the button.
    await field.press('Escape');
    await eventually(async () =>
      expect(await (await focusedElement(admin))?.description).toBe('button "Rename team"'),
    );
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('Payments');

    // A real name is kept, shown at once and after a reload.
    await admin.keyboard.press('Enter');
    await field.fill('Payments platform');
    await field.press('Enter');
    await admin.getByRole('heading', { name: 'Payments platform', level: 1 }).waitFor();
    await admin.getByRole('status').filter({ hasText: 'Renamed.' }).waitFor();
    expect((await api.get<TeamView>('')).body.name).toBe('Payments platform');
    await admin.reload();
    await admin.getByRole('heading', { name: 'Payments platform', level: 1 }).waitFor();

    // A member reads the new name and has no way to change it.
    const member = await newPage(browser);
    await member.goto(team.memberUrl);
    await member.getByRole('heading', { name: 'Payments platform', level: 1 }).waitFor();
    await eventually(async () =>
      expect(await member.getByTestId('role').textContent()).toBe('Member (read-only)'),
    );
    expect(await member.getByRole('button', { name: 'Rename team' }).count()).toBe(0);
  });

  it('says what to do next on every empty list of the room and the team page', async () => {
    const workshop = await createWorkshop(server.url, {
      title: 'Empty drill',
      facilitatorName: 'Fay',
      scenarios: CARDS,
    });
    const fay = await openRoom(browser, workshop.facilitatorUrl);
    // Alone in the lobby: the roster, the hat, the turns, the roles and the three walls.
    expect(
      await fay
        .getByRole('region', { name: /^People/ })
        .getByTestId('empty-state')
        .textContent(),
    ).toBe('Nobody else is here yet: send your team the join link above.');
    expect(
      await fay.getByRole('region', { name: 'The hat' }).getByTestId('empty-state').allTextContents(),
    ).toEqual([
      'The workshop’s cards go into the hat when you move to the draw; add more from the toolbar.',
      'No card drawn yet: everyone draws one once the facilitator opens the draw.',
    ]);
    expect(
      await fay.getByRole('region', { name: 'Turn order' }).getByTestId('empty-state').textContent(),
    ).toContain('everyone who draws a card joins it');
    expect(
      await fay.getByRole('region', { name: 'Role changes' }).getByTestId('empty-state').textContent(),
    ).toContain('pick a scribe under Roles');
    expect(await emptyStates(fay, 'wall-crappy')).toEqual([
      'No notes yet: write what hurt in the box above and press Enter.',
    ]);
    expect(await emptyStates(fay, 'wall-awesome')).toEqual([
      'No notes yet: write what worked well in the box above and press Enter.',
    ]);
    expect((await emptyStates(fay, 'wall-actions'))[0]).toContain('the team agrees them in the reflection');

    // With someone in, the roster's hint goes; a note replaces its wall's hint, for everyone.
    const ann = await joinAs(browser, workshop.joinUrl, 'Ann');
    await eventually(async () =>
      expect(
        await fay
          .getByRole('region', { name: /^People/ })
          .getByTestId('empty-state')
          .count(),
      ).toBe(0),
    );
    expect(
      await ann.getByRole('region', { name: 'The hat' }).getByTestId('empty-state').first().textContent(),
    ).toBe('The facilitator fills the hat; you draw a card once the draw starts.');
    await ann.getByLabel("New note for What's crappy").fill('No alarm on disk');
    await ann.getByLabel("New note for What's crappy").press('Enter');
    await eventually(async () => expect(await emptyStates(fay, 'wall-crappy')).toEqual([]));
    expect(await emptyStates(fay, 'wall-awesome')).toHaveLength(1);

    // The stage and the scribe log say who does what once the draw is open.
    await fay.getByRole('button', { name: 'Move to draw' }).click();
    await eventually(async () =>
      expect(await emptyStates(fay, 'stage')).toEqual([
        'You go first: start the turns from the toolbar once the cards are drawn.',
      ]),
    );
    await eventually(async () =>
      expect(await emptyStates(ann, 'scribe-log')).toEqual([
        'The timeline starts with the first turn: each step the driver takes is logged here.',
      ]),
    );
    await fay.getByRole('button', { name: 'Draw a card' }).click();
    await fay.getByRole('button', { name: 'Start turns' }).click();
    await eventually(async () =>
      expect(await emptyStates(ann, 'scribe-log')).toEqual([
        'Nothing logged yet: the facilitator picks a scribe to log each step.',
      ]),
    );
    expect(await emptyStates(fay, 'scribe-log')).toEqual([
      'Nothing logged yet: type each step you take below and press Enter.',
    ]);

    // The team page: the workshops, the tracker and the survey, for the admin and a member.
    const team = await createTeam(server.url, 'Payments');
    const admin = await newPage(browser);
    await admin.goto(team.adminUrl);
    await eventually(async () => expect(await admin.getByText(/^Loading .*…$/).count()).toBe(0));
    expect(
      await admin.getByRole('region', { name: 'Workshops' }).getByTestId('empty-state').textContent(),
    ).toBe('No workshop yet: build the first one under New workshop, from about two cards per person.');
    expect(
      await admin
        .getByRole('region', { name: /^Action tracker/ })
        .getByTestId('empty-state')
        .textContent(),
    ).toContain('agree them on the Actions wall');
    expect(
      await admin.getByRole('region', { name: 'Confidence' }).getByTestId('empty-state').textContent(),
    ).toContain('No answers yet: answer the question above and share the member link with the team.');
    await saveScreenshot(admin, 'polish-team-empty');
    const member = await newPage(browser);
    await member.goto(team.memberUrl);
    await eventually(async () => expect(await member.getByText(/^Loading .*…$/).count()).toBe(0));
    expect(
      await member.getByRole('region', { name: 'Workshops' }).getByTestId('empty-state').textContent(),
    ).toBe('No workshop yet: your team admin creates them from this page; the records appear here.');
    expect(
      await member.getByRole('region', { name: 'Confidence' }).getByTestId('empty-state').textContent(),
    ).toContain('No answers yet: answer the question above. ');
  });
});

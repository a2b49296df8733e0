import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, saveScreenshot, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import { DRILL_CARDS } from '../helpers/deck';

import { waitUntilLive } from '../helpers/room-pages';
import type { ServerProcess } from '../helpers/server-process';

const SCENARIOS = DRILL_CARDS;
const byTitle = new Map(SCENARIOS.map((s) => [s.title, s]));

/** What one person sees of the workshop room. */
function screenOf(page: Page) {
  const wall = (id: 'crappy' | 'awesome' | 'actions') => page.getByTestId(`wall-${id}`);
  const wallTitle = { crappy: "What's crappy", awesome: "What's awesome", actions: 'Actions' };
  return {
    page,
    phase: () => page.getByTestId('phase').locator('[aria-current="step"]').textContent(),
    button: (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' }),
    buttonCount: (name: string | RegExp) =>
      page.getByRole('button', { name, exact: typeof name === 'string' }).count(),
    hatCount: () => page.getByTestId('hat-count').textContent(),
    drawTexts: () =>
      page.getByTestId('draw').evaluateAll((items) => items.map((i) => i.firstChild?.textContent)),
    driver: () => page.getByTestId('driver').textContent(),
    scenarioTitle: () => page.getByTestId('scenario').locator('.scenario-title').textContent(),
    hiddenEvidence: () => page.getByTestId('evidence-hidden').locator('.evidence-heading').allTextContents(),
    revealedEvidence: () => page.getByTestId('evidence-revealed').allTextContents(),
    steps: () => page.getByTestId('timeline-step').locator('.step-text').allTextContents(),
    timeline: () => page.getByTestId('scribe-log').locator('.timeline-item').allTextContents(),
    turnOrder: () => page.getByTestId('turn-order').locator('.person-name').allTextContents(),
    roleEvents: () => page.getByTestId('role-events').locator('li').allTextContents(),
    rolesOf: (name: string) =>
      page
        .getByTestId('present-person')
        .filter({ has: page.locator('.person-name', { hasText: name }) })
        .locator('.badge')
        .allTextContents(),
    notes: (id: 'crappy' | 'awesome' | 'actions') =>
      wall(id)
        .getByTestId('note')
        .locator('textarea')
        .evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value)),
    noteScenarios: (id: 'crappy' | 'awesome') => wall(id).getByTestId('note-scenario').allTextContents(),
    addNote: async (id: 'crappy' | 'awesome' | 'actions', text: string) => {
      await wall(id).getByLabel(`New note for ${wallTitle[id]}`).fill(text);
      await wall(id).getByRole('button', { name: 'Add' }).click();
    },
    wall,
    banner: page.getByTestId('reflect-banner'),
    clockSeconds: async () => {
      const text = (await page.getByTestId('clock').textContent()) ?? '';
      const match = /(\d+):(\d\d)/.exec(text);
      if (!match) throw new Error(`no time in "${text}"`);
      return Number(match[1]) * 60 + Number(match[2]);
    },
  };
}
type Screen = ReturnType<typeof screenOf>;

/** A participant opens the join link in a browser of their own, types a name and enters the room. */
async function joinAs(page: Page, joinUrl: string, name: string): Promise<Screen> {
  await page.goto(joinUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Enter the room' }).click();
  await page.waitForURL(/\/w\/[^/#]+$/);
  await waitUntilLive(page);
  return screenOf(page);
}

/** Every person's screen, for "everyone sees…" assertions. */
async function everyone(screens: Screen[], check: (screen: Screen) => Promise<void>): Promise<void> {
  await Promise.all(screens.map(check));
}

/** Two clocks read at the same moment agree within a second. */
async function expectSameClock(a: Screen, b: Screen): Promise<void> {
  await eventually(async () =>
    expect(
      await (async () => {
        const [x, y] = await Promise.all([a.clockSeconds(), b.clockSeconds()]);
        return Math.abs(x - y);
      })(),
    ).toBeLessThanOrEqual(1),
  );
}

describe('a whole workshop in four browsers', { timeout: 240_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;

  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it('runs lobby, draw, turns, reflection and end the same on every screen, whatever the laptop clock says', async () => {
    // Eight minutes with a five-minute reflection reserve: the clock starts in the lobby and the
    // facilitator takes minutes off to reach the reserve, so the banner comes without waiting.
    const workshop = await createWorkshop(server.url, {
      title: 'Payments fire drill',
      facilitatorName: 'Fay',
      durationMinutes: 8,
      reflectionMinutes: 5,
      scenarios: SCENARIOS,
    });
    const fayPage = await newPage(browser);
    await fayPage.goto(workshop.facilitatorUrl);
    await waitUntilLive(fayPage);
    const fay = screenOf(fayPage);
    const sam = await joinAs(await newPage(browser), workshop.joinUrl, 'Sam');
    const ann = await joinAs(await newPage(browser), workshop.joinUrl, 'Ann');
    // Bo's laptop clock is seven minutes fast.
    const boPage = await newPage(browser);
    await boPage.context().clock.install({ time: Date.now() + 7 * 60_000 });
    const bo = await joinAs(boPage, workshop.joinUrl, 'Bo');
    const skew = (await boPage.evaluate(() => Date.now())) - Date.now();
    expect(skew).toBeGreaterThan(6.9 * 60_000);
    expect(skew).toBeLessThan(7.1 * 60_000);

    const all = [fay, sam, ann, bo];
    const participants = [sam, ann, bo];
    const names = new Map<Screen, string>([
      [fay, 'fay'],
      [sam, 'sam'],
      [ann, 'ann'],
      [bo, 'bo'],
    ]);
    const shoot = (phase: string) =>
      Promise.all(all.map((s) => saveScreenshot(s.page, `workshop-${phase}-${names.get(s)}`)));

    // ---- Lobby ----
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Lobby'));
      await eventually(async () =>
        expect(await s.page.getByTestId('present-person').locator('.person-name').allTextContents()).toEqual([
          'Fay',
          'Ann',
          'Bo',
          'Sam',
        ]),
      );
      await eventually(async () => expect(await s.rolesOf('Fay')).toEqual(['facilitator']));
      expect(await s.clockSeconds()).toBe(8 * 60);
    });
    for (const p of participants) {
      for (const control of ['Move to draw', 'Start clock', 'Fill the hat', 'End workshop', '+1 min'])
        expect(await p.buttonCount(control), control).toBe(0);
      expect(await p.page.getByTestId('invite').count()).toBe(0);
    }
    expect(await fay.buttonCount('Move to draw')).toBe(1);
    await fay.button('Start clock').click();
    await eventually(async () => expect(await bo.clockSeconds()).toBeLessThan(8 * 60));
    // Bo's clock is seven minutes off, yet the countdown matches the facilitator's.
    await expectSameClock(fay, bo);
    await expectSameClock(ann, bo);
    await shoot('1-lobby');

    // ---- Draw ----
    await fay.button('Move to draw').click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Draw'));
      await eventually(async () => expect(await s.hatCount()).toBe('9 cards in the hat'));
      expect(await s.page.getByTestId('hat-low').count()).toBe(0);
    });
    const drawn = new Map<string, string>();
    for (const [screen, name] of [
      [fay, 'Fay'],
      [sam, 'Sam'],
      [ann, 'Ann'],
      [bo, 'Bo'],
    ] as const) {
      await screen.button('Draw a card').click();
      const mine = screen.page.locator('.your-card');
      await mine.waitFor();
      const title = /“(.+)”/.exec((await mine.textContent()) ?? '')?.[1] ?? '';
      expect(byTitle.has(title), title).toBe(true);
      drawn.set(name, title);
      // The whole room sees the draw (after the short animation).
      await everyone(all, async (s) => {
        await eventually(async () => expect(await s.drawTexts()).toContain(`${name} drew ‘${title}’`));
      });
      expect(await screen.buttonCount('Draw a card')).toBe(0);
    }
    expect(new Set(drawn.values()).size).toBe(4);
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.hatCount()).toBe('5 cards in the hat'));
      // Five cards for four people: under two each.
      await s.page.getByTestId('hat-low').waitFor();
      await eventually(async () => expect(await s.drawTexts()).toHaveLength(4));
      await eventually(async () => expect(await s.turnOrder()).toEqual(['Fay', 'Sam', 'Ann', 'Bo']));
    });
    expect(await fay.buttonCount(/^Put ‘.+’ back in the hat$/)).toBe(4);
    expect(await ann.buttonCount(/^Put ‘.+’ back in the hat$/)).toBe(0);

    // The facilitator reorders with the arrows, and puts it back.
    await fay.button('Move Bo up').click();
    await eventually(async () => expect(await ann.turnOrder()).toEqual(['Fay', 'Sam', 'Bo', 'Ann']));
    await fay.button('Move Bo down').click();
    await eventually(async () => expect(await bo.turnOrder()).toEqual(['Fay', 'Sam', 'Ann', 'Bo']));
    expect(await ann.buttonCount('Move Bo up')).toBe(0);

    // The facilitator makes Sam the scribe; the room is told.
    await fay.page.getByLabel('Scribe', { exact: true }).selectOption({ label: 'Sam' });
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.roleEvents()).toContain('Sam is now the scribe'));
      await eventually(async () => expect(await s.rolesOf('Sam')).toEqual(['scribe']));
    });
    expect(await sam.page.getByLabel('Scribe', { exact: true }).count()).toBe(0);
    await shoot('2-draw');

    // ---- Investigate: the facilitator goes first ----
    await fay.button('Start turns').click();
    const fayCard = byTitle.get(drawn.get('Fay')!)!;
    const heading = (i: number) => {
      const item = fayCard.evidence[i]!;
      return `${item.kind.charAt(0).toUpperCase()}${item.kind.slice(1)} — ${item.label}`;
    };
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Investigate'));
      await eventually(async () =>
        expect(await s.driver()).toBe(s === fay ? 'You are driving' : 'Fay is driving'),
      );
      expect(await s.scenarioTitle()).toBe(fayCard.title);
      await eventually(async () =>
        expect(await s.hiddenEvidence()).toEqual(fayCard.evidence.map((_, i) => heading(i))),
      );
      expect(await s.page.getByTestId('evidence-hidden').first().textContent()).toContain('hidden');
      expect(await s.rolesOf('Fay')).toEqual(['facilitator', 'driver']);
    });
    for (const p of participants) expect(await p.buttonCount(/^Reveal /)).toBe(0);
    expect(await fay.buttonCount(/^Reveal /)).toBe(fayCard.evidence.length);

    await fay.button(`Reveal ${heading(0)}`).click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.revealedEvidence()).toHaveLength(1));
      const [text] = await s.revealedEvidence();
      expect(text).toContain(fayCard.evidence[0]!.body);
      expect(text).toMatch(/^\+0:\d\d /);
      await eventually(async () =>
        expect(await s.timeline()).toEqual([expect.stringMatching(/^\+0:\d\dRevealed /)]),
      );
      expect((await s.timeline())[0]).toContain(
        `Revealed ${fayCard.evidence[0]!.kind}: ${fayCard.evidence[0]!.label}`,
      );
    });

    // The scribe logs the driver's steps; only the scribe and the facilitator have the input.
    expect(await ann.page.getByLabel('Log a step').count()).toBe(0);
    expect(await bo.page.getByLabel('Log a step').count()).toBe(0);
    for (const step of ['Opens the checkout dashboard', 'Searches API logs for 500s']) {
      await sam.page.getByLabel('Log a step').fill(step);
      await sam.button('Log').click();
    }
    await everyone(all, async (s) => {
      await eventually(async () =>
        expect(await s.steps()).toEqual(['Opens the checkout dashboard', 'Searches API logs for 500s']),
      );
      expect(await s.page.getByTestId('timeline-step').locator('.stamp').first().textContent()).toMatch(
        /^\+0:\d\d$/,
      );
    });
    // Entries are the writer's to edit.
    expect(await fay.buttonCount(/^Edit step/)).toBe(0);
    await sam.button('Edit step “Searches API logs for 500s”').click();
    await sam.page.getByLabel('Edit step', { exact: true }).fill('Searches API logs for 500s by trace id');
    await sam.button('Save').click();
    await eventually(async () =>
      expect(await bo.steps()).toEqual([
        'Opens the checkout dashboard',
        'Searches API logs for 500s by trace id',
      ]),
    );

    // Everyone writes post-its; they carry the scenario they came from.
    await fay.addNote('awesome', 'The alert linked the runbook');
    await sam.addNote('crappy', 'Log search took two minutes');
    await ann.addNote('crappy', 'No dashboard for payment timeouts');
    await bo.addNote('awesome', 'Trace ids in every log line');
    await everyone(all, async (s) => {
      await eventually(async () =>
        expect(await s.notes('crappy')).toEqual([
          'Log search took two minutes',
          'No dashboard for payment timeouts',
        ]),
      );
      await eventually(async () =>
        expect(await s.notes('awesome')).toEqual([
          'The alert linked the runbook',
          'Trace ids in every log line',
        ]),
      );
      expect(await s.noteScenarios('crappy')).toEqual([fayCard.title, fayCard.title]);
    });
    // Ann edits her own note only: Bo's is read-only on her screen, and has no delete button.
    const annAreas = ann.wall('awesome').getByTestId('note').locator('textarea');
    expect(await annAreas.nth(1).getAttribute('readonly')).not.toBeNull();
    expect(await ann.buttonCount('Delete note by Bo')).toBe(0);
    expect(await ann.buttonCount('Delete note by Ann')).toBe(1);
    // Sam groups his note; everyone sees it under the group label.
    const samGroup = sam.page.getByLabel('Group of note by Sam');
    await samGroup.fill('Observability');
    await samGroup.press('Enter');
    await everyone(all, async (s) => {
      await eventually(async () =>
        expect(await s.wall('crappy').getByTestId('note-group').locator('h3').allTextContents()).toEqual([
          'Observability',
        ]),
      );
    });
    await shoot('3-investigate-fay');

    // ---- Pass the laptop to Sam; the facilitator lets the driver pass it on ----
    await fay.button('Pass the laptop').click();
    const samCard = byTitle.get(drawn.get('Sam')!)!;
    await everyone(all, async (s) => {
      await eventually(async () =>
        expect(await s.driver()).toBe(s === sam ? 'You are driving' : 'Sam is driving'),
      );
      expect(await s.scenarioTitle()).toBe(samCard.title);
      await eventually(async () => expect(await s.steps()).toEqual([]));
    });
    expect(await sam.buttonCount(/^Reveal /)).toBe(samCard.evidence.length);
    expect(await ann.buttonCount(/^Reveal /)).toBe(0);
    await sam
      .button(/^Reveal /)
      .first()
      .click();
    await eventually(async () => expect(await ann.revealedEvidence()).toHaveLength(1));
    await fay.page.getByLabel('Log a step').fill('Checks the queue depth');
    await fay.button('Log').click();
    await eventually(async () => expect(await bo.steps()).toEqual(['Checks the queue depth']));
    // Earlier turns stay readable.
    await ann.page.getByLabel('Turn', { exact: true }).selectOption({ index: 0 });
    await eventually(async () =>
      expect(await ann.steps()).toEqual([
        'Opens the checkout dashboard',
        'Searches API logs for 500s by trace id',
      ]),
    );
    expect(await ann.page.getByLabel('Log a step').count()).toBe(0);

    expect(await sam.buttonCount('Pass the laptop')).toBe(0);
    // The checkbox follows the authoritative state, so it flips once the server has applied it.
    await fay.page.getByLabel('The driver may pass the laptop').click();
    await sam.button('Pass the laptop').click();
    const annCard = byTitle.get(drawn.get('Ann')!)!;
    await everyone(all, async (s) => {
      await eventually(async () =>
        expect(await s.driver()).toBe(s === ann ? 'You are driving' : 'Ann is driving'),
      );
      expect(await s.scenarioTitle()).toBe(annCard.title);
    });
    expect(await bo.buttonCount('Pass the laptop')).toBe(0);
    await shoot('4-investigate-ann');

    // ---- Reflect: the facilitator takes three minutes off, reaching the reserve ----
    for (const s of all) expect(await s.banner.count()).toBe(0);
    for (let i = 0; i < 3; i++) await fay.button('Remove one minute').click();
    await everyone(all, async (s) => {
      await s.banner.getByText('Time to reflect').waitFor();
      expect(await s.clockSeconds()).toBeLessThanOrEqual(5 * 60);
    });
    await expectSameClock(fay, bo);
    for (const p of participants) expect(await p.buttonCount('Move to reflection')).toBe(0);
    await fay.button('Move to reflection').click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Reflect'));
      await eventually(async () =>
        expect(await s.page.getByTestId('stage').locator('h2').textContent()).toBe('Nobody is driving now'),
      );
      await eventually(async () =>
        expect(await s.page.getByTestId('votes-left').textContent()).toBe('3 of 3 votes left'),
      );
    });

    // Actions with an owner, a due date and a priority; votes sort them.
    await ann.addNote('actions', 'Dashboard for payment timeouts');
    await bo.addNote('actions', 'Trace ids in the checkout service');
    await eventually(async () =>
      expect(await fay.notes('actions')).toEqual([
        'Dashboard for payment timeouts',
        'Trace ids in the checkout service',
      ]),
    );
    await ann.page.getByLabel('Owner of action by Ann').selectOption({ label: 'Ann' });
    await ann.page.getByLabel('Due date of action by Ann').fill('2031-12-01');
    await ann.page.getByLabel('Priority of action by Ann').selectOption('high');
    await eventually(async () =>
      expect(await bo.wall('actions').getByTestId('action-fields').first().textContent()).toBe(
        'Owner: Ann · Due: 2031-12-01 · high priority',
      ),
    );
    for (const voter of [fay, sam, ann])
      await voter.button('Vote for “Trace ids in the checkout service”').click();
    await bo.button('Vote for “Dashboard for payment timeouts”').click();
    await sam.button('Vote for “Dashboard for payment timeouts”').click();
    await eventually(async () =>
      expect(await sam.page.getByTestId('votes-left').textContent()).toBe('1 of 3 votes left'),
    );
    await sam.button('Take back your vote for “Dashboard for payment timeouts”').click();
    await everyone(all, async (s) => {
      await eventually(async () =>
        expect(await s.notes('actions')).toEqual([
          'Trace ids in the checkout service',
          'Dashboard for payment timeouts',
        ]),
      );
      await eventually(async () =>
        expect(await s.wall('actions').getByTestId('vote-count').allTextContents()).toEqual([
          '3 votes',
          '1 vote',
        ]),
      );
    });
    await eventually(async () =>
      expect(await sam.page.getByTestId('votes-left').textContent()).toBe('2 of 3 votes left'),
    );
    await eventually(async () =>
      expect(await bo.page.getByTestId('votes-left').textContent()).toBe('2 of 3 votes left'),
    );
    await shoot('5-reflect');

    // ---- End: every screen becomes the summary ----
    await fay.button('End workshop').click();
    await fay.button('Yes, end it').click();
    await everyone(all, async (s) => {
      const summary = s.page.getByTestId('summary');
      await summary.waitFor();
      expect(await summary.getByTestId('summary-participants').locator('li').allTextContents()).toEqual([
        'Fay',
        'Sam',
        'Ann',
        'Bo',
      ]);
      expect(await summary.getByTestId('summary-draws').locator('li').allTextContents()).toEqual(
        ['Fay', 'Sam', 'Ann', 'Bo'].map((n) => `${n} drew ‘${drawn.get(n)}’`),
      );
      const turns = summary.getByTestId('summary-turn');
      expect(await turns.count()).toBe(3);
      const first = (await turns.first().textContent()) ?? '';
      expect(first).toContain(`Fay — ${fayCard.title}`);
      expect(first).toContain(`Revealed ${fayCard.evidence[0]!.kind}: ${fayCard.evidence[0]!.label}`);
      expect(first).toContain('Searches API logs for 500s by trace id');
      expect(await summary.getByTestId('summary-crappy').getByTestId('summary-note').count()).toBe(2);
      expect(await summary.getByTestId('summary-awesome').getByTestId('summary-note').count()).toBe(2);
      const actions = await summary.getByTestId('summary-action').allTextContents();
      expect(actions).toHaveLength(2);
      expect(actions[0]).toContain('Trace ids in the checkout service');
      expect(actions[0]).toContain('3 votes');
      expect(actions[1]).toContain('owner Ann');
      expect(actions[1]).toContain('due 2031-12-01');
      expect(actions[1]).toContain('high priority');
      expect(await s.page.getByLabel(/New note for/).count()).toBe(0);
    });
    await shoot('6-ended');

    // The same links open the summary afterwards.
    await ann.page.reload();
    await ann.page.getByTestId('summary').waitFor();
    const again = await newPage(browser);
    await again.goto(workshop.facilitatorUrl);
    await again.getByTestId('summary').getByRole('heading', { name: 'Payments fire drill' }).waitFor();
  });

  it('hands the facilitator role over, shows a refused claim as a message, and fits a tablet', async () => {
    const workshop = await createWorkshop(server.url, {
      title: 'Tablet drill',
      facilitatorName: 'Fay',
      scenarios: SCENARIOS.slice(0, 3),
    });
    const fayPage = await newPage(browser);
    await fayPage.setViewportSize({ width: 768, height: 1024 });
    await fayPage.goto(workshop.facilitatorUrl);
    await waitUntilLive(fayPage);
    const ann = await joinAs(await newPage(browser), workshop.joinUrl, 'Ann');
    await screenOf(fayPage).button('Move to draw').click();
    await eventually(async () => expect(await ann.phase()).toBe('Draw'));
    // Three cards for two people: the hat is low from the start.
    await ann.page.getByTestId('hat-low').waitFor();
    await ann.button('Draw a card').click();
    await ann.page.locator('.your-card').waitFor();
    // A latecomer is not in the turn order until the facilitator adds them.
    const cy = await joinAs(await newPage(browser), workshop.joinUrl, 'Cy');
    await eventually(async () => expect(await cy.turnOrder()).toEqual(['Ann']));
    await fayPage.getByLabel('Add to the turn order').selectOption({ label: 'Cy' });
    await eventually(async () => expect(await ann.turnOrder()).toEqual(['Ann', 'Cy']));
    await cy.page.context().close();
    // The facilitator hands the role to Ann; the room is told, and the controls move with it.
    await fayPage.getByLabel('Hand the facilitator role to').selectOption({ label: 'Ann' });
    await screenOf(fayPage).button('Hand over').click();
    await eventually(async () =>
      expect(await screenOf(fayPage).roleEvents()).toContain('Fay handed the facilitator role to Ann'),
    );
    await ann.button('Move to investigate').waitFor();
    expect(await screenOf(fayPage).buttonCount('Move to investigate')).toBe(0);
    await eventually(async () => expect(await screenOf(fayPage).buttonCount('Start clock')).toBe(0));
    const overflow = await fayPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(fayPage, 'workshop-tablet-768');

    // Ann leaves: Fay may try to claim the role back, and is told by the server it is too early.
    await ann.page.context().close();
    await screenOf(fayPage).button('Claim facilitator role').click();
    await eventually(async () =>
      expect(await fayPage.getByTestId('alerts').textContent()).toContain('once they have been gone'),
    );
    await saveScreenshot(fayPage, 'workshop-claim-too-early');
  });
});

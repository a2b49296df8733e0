/**
 * Real browsers against several Firedrill processes behind HAProxy (tests/helpers/live.cluster.ts), on one
 * PostgreSQL database and a Redis of the file's own: people sitting on different processes run a
 * workshop together, and a rolling restart of every process leaves every screen live again at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  artefactDir,
  closeAllPages,
  launchBrowser,
  newPage,
  saveFailureArtefacts,
  saveScreenshot,
} from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import { DRILL_CARDS } from '../helpers/deck';

import { waitUntilLive } from '../helpers/room-pages';
import { useCluster } from '../helpers/use-cluster';

/** Six cards for four people: everyone draws one and two stay in the hat. */
const SCENARIOS = DRILL_CARDS.slice(0, 6);
const byTitle = new Map(SCENARIOS.map((s) => [s.title, s]));

/** What one person sees of the workshop room (the same reading as tests/e2e/workshop.test.ts). */
function screenOf(page: Page) {
  const wall = (id: 'crappy' | 'awesome') => page.getByTestId(`wall-${id}`);
  const wallTitle = { crappy: "What's crappy", awesome: "What's awesome" };
  return {
    page,
    badge: () => page.getByTestId('connection').textContent(),
    phase: () => page.getByTestId('phase').locator('[aria-current="step"]').textContent(),
    button: (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' }),
    buttonCount: (name: string | RegExp) =>
      page.getByRole('button', { name, exact: typeof name === 'string' }).count(),
    presentNames: () => page.getByTestId('present-person').locator('.person-name').allTextContents(),
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
    notes: (id: 'crappy' | 'awesome') =>
      wall(id)
        .getByTestId('note')
        .locator('textarea')
        .evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value)),
    addNote: async (id: 'crappy' | 'awesome', text: string) => {
      await wall(id).getByLabel(`New note for ${wallTitle[id]}`).fill(text);
      await wall(id).getByRole('button', { name: 'Add' }).click();
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

/** Every screen in `screens`, for "everyone sees…" assertions. */
async function everyone(screens: Screen[], check: (screen: Screen) => Promise<void>): Promise<void> {
  await Promise.all(screens.map(check));
}

/** The same link (path and #token fragment) on another origin: a chosen process, or the front. */
function sameLinkOn(link: string, origin: string): string {
  const url = new URL(link);
  const target = new URL(origin);
  url.protocol = target.protocol;
  url.host = target.host;
  return url.toString();
}

/** One change of the connection badge's text, as the page saw it (performance.now() of the page). */
interface BadgeChange {
  text: string;
  at: number;
}

/**
 * Starts timestamping, inside the page, every change of the room's connection badge. A
 * MutationObserver callback runs right after React commits the change, so `at` is when the person
 * saw it.
 */
async function recordBadge(page: Page): Promise<void> {
  await page.evaluate(() => {
    const read = () => document.querySelector('[data-testid="connection"]')?.textContent ?? '(no badge)';
    const changes: { text: string; at: number }[] = [];
    let last = read();
    changes.push({ text: last, at: performance.now() });
    new MutationObserver(() => {
      const text = read();
      if (text === last) return;
      last = text;
      changes.push({ text, at: performance.now() });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    (window as unknown as { badgeChanges: typeof changes }).badgeChanges = changes;
  });
}

function badgeChanges(page: Page): Promise<BadgeChange[]> {
  return page.evaluate(
    () => (window as unknown as { badgeChanges: { text: string; at: number }[] }).badgeChanges,
  );
}

/**
 * The outages a page went through: from the badge leaving "Live" to its next "Live". An outage the
 * page has not come back from yet has `backAfterMs` Infinity.
 */
function outagesOf(changes: BadgeChange[]): { downAt: number; backAfterMs: number; via: string[] }[] {
  const outages: { downAt: number; backAfterMs: number; via: string[] }[] = [];
  let current: { downAt: number; via: string[] } | undefined;
  for (const change of changes) {
    if (change.text === 'Live') {
      if (current) outages.push({ ...current, backAfterMs: change.at - current.downAt });
      current = undefined;
    } else if (current) {
      current.via.push(change.text);
    } else {
      current = { downAt: change.at, via: [change.text] };
    }
  }
  if (current) outages.push({ ...current, backAfterMs: Number.POSITIVE_INFINITY });
  return outages;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

describe('browsers on several processes behind HAProxy', () => {
  const live = useCluster({ processes: 3, env: { LOG_LEVEL: 'info' } });
  let browser: Browser | undefined;
  /** The direct URL of process i (0-based: p1 is 0), to sit a person on a chosen process. */
  const on = (i: number) => live.cluster.processes[i]!.url;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    if (!browser) return;
    if (context.task.result?.state === 'fail') {
      await saveFailureArtefacts(browser, context.task.name);
      mkdirSync(artefactDir, { recursive: true });
      const file = path.join(artefactDir, `scale-out-cluster-${Date.now()}.log`);
      writeFileSync(file, await live.cluster.describe());
      console.log(`cluster state and process logs: ${file}`);
    }
    await closeAllPages(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('four people on different processes run a workshop: draw → turn → scribe step → post-it → end', async () => {
    const b = browser!;
    // Created through the front, as a facilitator would; the links carry the front's origin.
    const workshop = await createWorkshop(live.cluster.url, {
      title: 'Cross-process drill',
      facilitatorName: 'Fay',
      scenarios: SCENARIOS,
    });
    // Fay and Bo on p1, Sam on p2, Ann on p3: every step below crosses processes.
    const fayPage = await newPage(b);
    await fayPage.goto(sameLinkOn(workshop.facilitatorUrl, on(0)));
    await waitUntilLive(fayPage);
    const fay = screenOf(fayPage);
    const sam = await joinAs(await newPage(b), sameLinkOn(workshop.joinUrl, on(1)), 'Sam');
    const ann = await joinAs(await newPage(b), sameLinkOn(workshop.joinUrl, on(2)), 'Ann');
    const bo = await joinAs(await newPage(b), sameLinkOn(workshop.joinUrl, on(0)), 'Bo');
    const all = [fay, sam, ann, bo];
    const names = new Map<Screen, string>([
      [fay, 'fay-p1'],
      [sam, 'sam-p2'],
      [ann, 'ann-p3'],
      [bo, 'bo-p1'],
    ]);
    const shoot = (step: string) =>
      Promise.all(all.map((s) => saveScreenshot(s.page, `scale-out-${step}-${names.get(s)}`)));
    // Each page really talks to its own process (same origin as the page; nothing goes through the front).
    expect(new URL(sam.page.url()).port).toBe(String(live.cluster.processes[1]!.port));
    expect(new URL(ann.page.url()).port).toBe(String(live.cluster.processes[2]!.port));

    // ---- Lobby: presence crosses processes ----
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Lobby'));
      await eventually(async () => expect(await s.presentNames()).toEqual(['Fay', 'Ann', 'Bo', 'Sam']));
      await eventually(async () => expect(await s.rolesOf('Fay')).toEqual(['facilitator']));
    });

    // ---- Draw: the facilitator on p1 moves everyone on ----
    await fay.button('Move to draw').click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Draw'));
      await eventually(async () => expect(await s.hatCount()).toBe('6 cards in the hat'));
    });
    // Sam (p2) draws first, then Ann (p3), Bo (p1) and Fay (p1).
    const drawn = new Map<string, string>();
    for (const [screen, name] of [
      [sam, 'Sam'],
      [ann, 'Ann'],
      [bo, 'Bo'],
      [fay, 'Fay'],
    ] as const) {
      await screen.button('Draw a card').click();
      const mine = screen.page.locator('.your-card');
      await mine.waitFor();
      const title = /“(.+)”/.exec((await mine.textContent()) ?? '')?.[1] ?? '';
      expect(byTitle.has(title), title).toBe(true);
      drawn.set(name, title);
      // The drawn card is visible to everyone, on every process.
      await everyone(all, async (s) => {
        await eventually(async () => expect(await s.drawTexts()).toContain(`${name} drew ‘${title}’`));
      });
      expect(await screen.buttonCount('Draw a card')).toBe(0);
    }
    expect(new Set(drawn.values()).size).toBe(4);
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.hatCount()).toBe('2 cards in the hat'));
      await eventually(async () => expect(await s.drawTexts()).toHaveLength(4));
      // The facilitator goes first whenever they draw…
      await eventually(async () => expect(await s.turnOrder()).toEqual(['Fay', 'Sam', 'Ann', 'Bo']));
    });
    // …and lets Sam (p2) go first instead, with the arrows.
    await fay.button('Move Sam up').click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.turnOrder()).toEqual(['Sam', 'Fay', 'Ann', 'Bo']));
    });

    // The facilitator (p1) makes Ann (p3) the scribe; the room is told everywhere.
    await fay.page.getByLabel('Scribe', { exact: true }).selectOption({ label: 'Ann' });
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.roleEvents()).toContain('Ann is now the scribe'));
      await eventually(async () => expect(await s.rolesOf('Ann')).toEqual(['scribe']));
    });
    await shoot('1-draw');

    // ---- A turn: the facilitator (p1) starts it, Sam (p2) drives ----
    await fay.button('Start turns').click();
    const samCard = byTitle.get(drawn.get('Sam')!)!;
    const heading = (i: number) => {
      const item = samCard.evidence[i]!;
      return `${item.kind.charAt(0).toUpperCase()}${item.kind.slice(1)} — ${item.label}`;
    };
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.phase()).toBe('Investigate'));
      await eventually(async () =>
        expect(await s.driver()).toBe(s === sam ? 'You are driving' : 'Sam is driving'),
      );
      await eventually(async () => expect(await s.scenarioTitle()).toBe(samCard.title));
      await eventually(async () =>
        expect(await s.hiddenEvidence()).toEqual(samCard.evidence.map((_, i) => heading(i))),
      );
      await eventually(async () => expect(await s.rolesOf('Sam')).toEqual(['driver']));
    });
    // The driver and the facilitator may reveal; the others may not.
    for (const s of [ann, bo]) expect(await s.buttonCount(/^Reveal /)).toBe(0);
    for (const s of [sam, fay]) expect(await s.buttonCount(/^Reveal /)).toBe(samCard.evidence.length);

    // The driver (p2) reveals the first piece of evidence: p1 and p3 show it, and the timeline has it.
    await sam.button(`Reveal ${heading(0)}`).click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.revealedEvidence()).toHaveLength(1));
      expect((await s.revealedEvidence())[0]).toContain(samCard.evidence[0]!.body);
      await eventually(async () =>
        expect(await s.timeline()).toEqual([expect.stringMatching(/^\+0:\d\dRevealed /)]),
      );
      expect((await s.timeline())[0]).toContain(
        `Revealed ${samCard.evidence[0]!.kind}: ${samCard.evidence[0]!.label}`,
      );
    });

    // The scribe (p3) logs a step; only the scribe and the facilitator have the input.
    expect(await sam.page.getByLabel('Log a step').count()).toBe(0);
    expect(await bo.page.getByLabel('Log a step').count()).toBe(0);
    await ann.page.getByLabel('Log a step').fill('Opens the checkout dashboard');
    await ann.button('Log').click();
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.steps()).toEqual(['Opens the checkout dashboard']));
      expect(await s.page.getByTestId('timeline-step').locator('.stamp').first().textContent()).toMatch(
        /^\+0:\d\d$/,
      );
    });

    // Post-its from p1 (Bo) and p3 (Ann) show on every process, with the scenario they came from.
    await bo.addNote('awesome', 'Trace ids in every log line');
    await ann.addNote('crappy', 'No dashboard for payment timeouts');
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.notes('awesome')).toEqual(['Trace ids in every log line']));
      await eventually(async () =>
        expect(await s.notes('crappy')).toEqual(['No dashboard for payment timeouts']),
      );
    });
    await shoot('2-investigate');

    // ---- End: the facilitator (p1) ends it; every screen becomes the summary ----
    await fay.button('End workshop').click();
    await fay.button('Yes, end it').click();
    await everyone(all, async (s) => {
      const summary = s.page.getByTestId('summary');
      await summary.waitFor({ timeout: 15_000 });
      expect(await summary.getByTestId('summary-participants').locator('li').allTextContents()).toEqual([
        'Fay',
        'Sam',
        'Ann',
        'Bo',
      ]);
      expect(await summary.getByTestId('summary-draws').locator('li').allTextContents()).toEqual(
        ['Sam', 'Ann', 'Bo', 'Fay'].map((n) => `${n} drew ‘${drawn.get(n)}’`),
      );
      const turns = summary.getByTestId('summary-turn');
      expect(await turns.count()).toBe(1);
      const turn = (await turns.first().textContent()) ?? '';
      expect(turn).toContain(`Sam — ${samCard.title}`);
      expect(turn).toContain(`Revealed ${samCard.evidence[0]!.kind}: ${samCard.evidence[0]!.label}`);
      expect(turn).toContain('Opens the checkout dashboard');
      expect(
        await summary.getByTestId('summary-awesome').getByTestId('summary-note').allTextContents(),
      ).toEqual([expect.stringContaining('Trace ids in every log line')]);
      expect(
        await summary.getByTestId('summary-crappy').getByTestId('summary-note').allTextContents(),
      ).toEqual([expect.stringContaining('No dashboard for payment timeouts')]);
      expect(await s.page.getByLabel(/New note for/).count()).toBe(0);
    });
    await shoot('3-ended');
  }, 90_000);

  it('every browser is back and showing the live room within 2 s of its disconnect during a rolling restart', async () => {
    const b = browser!;
    const workshop = await createWorkshop(live.cluster.url, {
      title: 'Rolling restart drill',
      facilitatorName: 'Fay',
      scenarios: SCENARIOS.slice(0, 3),
    });
    // Everyone through the front, as in production: HAProxy spreads their four links each.
    const fayPage = await newPage(b);
    await fayPage.goto(workshop.facilitatorUrl);
    await waitUntilLive(fayPage);
    const fay = screenOf(fayPage);
    const sam = await joinAs(await newPage(b), workshop.joinUrl, 'Sam');
    const ann = await joinAs(await newPage(b), workshop.joinUrl, 'Ann');
    const all = [fay, sam, ann];
    const names = new Map<Screen, string>([
      [fay, 'Fay'],
      [sam, 'Sam'],
      [ann, 'Ann'],
    ]);
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.presentNames()).toEqual(['Fay', 'Ann', 'Sam']));
      await waitUntilLive(s.page);
    });
    await Promise.all(all.map((s) => recordBadge(s.page)));

    const restartMs: number[] = [];
    for (const i of [0, 1, 2]) {
      const started = performance.now();
      expect(await live.cluster.restart(i), `p${i + 1} exit code`).toBe(0);
      restartMs.push(performance.now() - started);
    }
    // Whoever is still reconnecting gets the full 2 s (and more) to come back before we read.
    await everyone(all, (s) => waitUntilLive(s.page, 10_000));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const perPage = await Promise.all(
      all.map(async (s) => ({ name: names.get(s)!, outages: outagesOf(await badgeChanges(s.page)) })),
    );
    const gaps = perPage.flatMap((p) => p.outages.map((o) => o.backAfterMs)).sort((x, y) => x - y);
    console.log(
      `rolling restart in the browser: restarts took ${restartMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
        `${gaps.length} disconnects (${perPage.map((p) => `${p.name} ${p.outages.length}`).join(', ')}), ` +
        `Live again after p50 ${Math.round(percentile(gaps, 50))} ms, max ${Math.round(gaps.at(-1) ?? Number.NaN)} ms ` +
        `(all: ${gaps.map((g) => Math.round(g)).join(', ')})`,
    );
    for (const { name, outages } of perPage) {
      expect(outages.length, `${name} saw no disconnect`).toBeGreaterThanOrEqual(1);
      for (const outage of outages)
        expect(outage.backAfterMs, `${name} back after (${outage.via.join(' → ')})`).toBeLessThanOrEqual(
          2_000,
        );
    }

    // The room works after the restarts: a post-it from one browser shows on the others.
    await sam.addNote('crappy', 'Nobody noticed the restart');
    await everyone(all, async (s) => {
      await eventually(async () => expect(await s.notes('crappy')).toEqual(['Nobody noticed the restart']));
    });
    await Promise.all(all.map((s) => saveScreenshot(s.page, `scale-out-after-restart-${names.get(s)}`)));
  }, 90_000);
});

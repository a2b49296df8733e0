import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { STARTER_DECK } from '../../server/content/starter-deck';
import type { LibraryCardView, TeamView } from '../../server/contract/team';
import { newPage, saveScreenshot, withBrowserAndServer } from '../helpers/browser';
import { eventually } from '../helpers/clients';

import type { ServerProcess } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';

describe('preparing the library in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;

  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it('an admin starts an empty library with the starter deck, sees the hints and plans for the people expected', async () => {
    const team = await createTeam(server.url, 'Platform');
    const api = teamApi(server.url, team.id, team.adminToken);
    const n = STARTER_DECK.length;
    const admin = await newPage(browser);
    await admin.goto(team.adminUrl);
    await admin.getByRole('heading', { name: 'Platform' }).waitFor();

    // 1. The empty library offers the starter deck prominently; one click fills it, no reload.
    const empty = admin.getByTestId('library-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain(
      'Your library is empty: write a card from a real incident, import a file, or start with the starter deck.',
    );
    await saveScreenshot(admin, 'library-prep-0-empty');
    await empty.getByRole('button', { name: `Add the starter deck (${n} scenarios)` }).click();
    await admin.getByText(`Added ${n} scenarios from the starter deck`).waitFor();
    await eventually(async () => expect(await admin.getByTestId('library-card').count()).toBe(n));
    expect(await empty.count()).toBe(0);
    await eventually(async () =>
      expect(await admin.getByRole('button', { name: /Add the starter deck/ }).count()).toBe(0),
    );
    const titles = await admin.locator('[data-testid="library-card"] h3').allTextContents();
    expect(titles.sort()).toEqual(STARTER_DECK.map((card) => card.title).sort());
    expect(await admin.getByTestId('card-hint').allTextContents()).toEqual(Array(n).fill('Never run'));
    const readiness = admin.getByTestId('library-readiness');
    await eventually(async () =>
      expect(await readiness.textContent()).toBe(
        `Next workshop: ${n} scenarios ready (with evidence, not run in the last two workshops). Set the people expected beside the next workshop’s date to see how many you need: two per person.`,
      ),
    );
    await saveScreenshot(admin, 'library-prep-1-starter-deck');

    // 2. A card without evidence gets its badge and can be singled out.
    expect((await api.post('/cards', { title: 'Card to finish', summary: 'Evidence to come.' })).status).toBe(
      201,
    );
    await admin.reload();
    await eventually(async () => expect(await admin.getByTestId('library-card').count()).toBe(n + 1));
    const bare = admin.getByTestId('library-card').filter({ hasText: 'Card to finish' });
    expect(await bare.getByTestId('card-hint').allTextContents()).toEqual([
      'No evidence: the driver will have nothing to reveal',
      'Never run',
    ]);
    await admin.getByRole('button', { name: 'No evidence (1)' }).click();
    await eventually(async () => expect(await admin.getByTestId('library-card').count()).toBe(1));
    expect(await admin.getByTestId('library-card').locator('h3').textContent()).toBe('Card to finish');
    expect(await admin.getByRole('button', { name: 'No evidence (1)' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await saveScreenshot(admin, 'library-prep-2-filtered');
    await admin.getByRole('button', { name: 'No evidence (1)' }).click();
    await eventually(async () => expect(await admin.getByTestId('library-card').count()).toBe(n + 1));

    // 3. Nine people expected need more ready scenarios than the library holds; five need fewer.
    const header = admin.getByRole('form', { name: 'Next workshop' });
    await header.getByLabel('People expected').fill('9');
    await header.getByRole('button', { name: 'Save' }).click();
    await eventually(async () =>
      expect(await readiness.textContent()).toBe(
        `Next workshop: 9 people expected → 18 scenarios needed; ${n} ready (with evidence, not run in the last two workshops): write ${18 - n} more.`,
      ),
    );
    expect(await readiness.getAttribute('class')).toBe('warning');
    await saveScreenshot(admin, 'library-prep-3-short');
    await header.getByLabel('People expected').fill('5');
    await header.getByRole('button', { name: 'Save' }).click();
    await eventually(async () =>
      expect(await readiness.textContent()).toBe(
        `Next workshop: 5 people expected → 10 scenarios needed; ${n} ready (with evidence, not run in the last two workshops): enough for everyone.`,
      ),
    );
    expect(await readiness.getAttribute('class')).toBe('readiness readiness-enough');
    expect((await api.get<TeamView>('')).body.expectedParticipants).toBe(5);

    // 4. After a reload the number is still in the form; the cards are in the database with evidence.
    await admin.reload();
    expect(await admin.getByLabel('People expected').inputValue()).toBe('5');
    const stored = (await api.get<LibraryCardView[]>('/cards')).body;
    expect(stored.filter((card) => card.evidence.length >= 2)).toHaveLength(n);

    // 5. A member sees the same summary and hints, but no starter deck or editing.
    const member = await newPage(browser);
    await member.goto(team.memberUrl);
    await eventually(async () => expect(await member.getByTestId('library-card').count()).toBe(n + 1));
    expect(await member.getByTestId('library-readiness').textContent()).toContain(
      '5 people expected → 10 scenarios needed',
    );
    expect(await member.getByRole('button', { name: /Add the starter deck|New card/ }).count()).toBe(0);
    expect(await member.getByLabel('People expected').count()).toBe(0);
  });
});

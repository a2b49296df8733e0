import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreatedWorkshop, WorkshopRecord } from '../../server/contract/http-workshop';
import { newPage, saveScreenshot, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';

import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process';

/** What one person sees of the room. */
function roomOf(page: Page) {
  const wall = (id: 'crappy' | 'awesome') => page.getByTestId(`wall-${id}`);
  return {
    badge: page.getByTestId('connection'),
    /** Names in the presence list, in the order shown. */
    presentNames: () => page.getByTestId('present-person').locator('.person-name').allTextContents(),
    /** Texts of the post-its on a wall, as their textareas show them. */
    noteTexts: (id: 'crappy' | 'awesome') =>
      wall(id)
        .getByTestId('note')
        .locator('textarea')
        .evaluateAll((areas) => areas.map((area) => (area as HTMLTextAreaElement).value)),
    noteArea: (id: 'crappy' | 'awesome') => wall(id).getByTestId('note').locator('textarea'),
    addNote: async (id: 'crappy' | 'awesome', text: string) => {
      const title = id === 'crappy' ? "What's crappy" : "What's awesome";
      await wall(id).getByLabel(`New note for ${title}`).fill(text);
      await wall(id).getByRole('button', { name: 'Add' }).click();
    },
    deleteButton: (author: string) => page.getByRole('button', { name: `Delete note by ${author}` }),
  };
}

/** Resolves once the page's room shows "Live" (synced with the server). */
async function waitUntilLive(page: Page, timeout = 15_000): Promise<void> {
  await eventually(async () => expect(await roomOf(page).badge.textContent()).toBe('Live'), timeout);
}

/** Opens a room link in a browser of its own and waits until it is live. */
async function openRoom(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(url);
  await waitUntilLive(page);
  return page;
}

/** A participant opens the join link in a browser of their own, types a name and enters the room. */
async function joinAs(browser: Browser, joinUrl: string, name: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(joinUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Enter the room' }).click();
  await page.waitForURL(/\/w\/[^/#]+$/);
  await waitUntilLive(page);
  return page;
}

/** The workshop record as the facilitator's token reads it over HTTP. */
async function fetchRecord(baseUrl: string, workshop: CreatedWorkshop): Promise<WorkshopRecord> {
  const response = await fetch(`${baseUrl}/api/workshops/${workshop.id}`, {
    headers: { authorization: `Bearer ${workshop.facilitatorToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as WorkshopRecord;
}

describe('the room in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;
  /** Servers a test started for itself (the restart test), stopped even when it fails. */
  const ownServers: ServerProcess[] = [];

  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });
  // Servers a test starts for itself (the restart test) stop after it.
  afterEach(async () => {
    await Promise.all(ownServers.splice(0).map((own) => own.stop()));
  });

  const seedWorkshop = () => createWorkshop(server.url, { title: 'Checkout drill', facilitatorName: 'Fay' });

  it('lets a facilitator create a workshop on the landing page and a participant join through the copied link', async () => {
    const facilitator = await newPage(browser);
    await facilitator.goto(server.url);
    await facilitator.getByLabel('Title').fill('November fire drill');
    await facilitator.getByLabel('Your name').fill('Fay');
    await facilitator.getByLabel('Length (minutes)').fill('45');
    await facilitator.getByLabel('Reflection reserve (minutes)').fill('10');
    await facilitator.getByRole('button', { name: 'Create workshop' }).click();
    await facilitator.waitForURL(/\/w\/[^/#]+#token=/);
    await facilitator.getByRole('heading', { name: 'November fire drill' }).waitFor();
    await waitUntilLive(facilitator);

    const workshopId = new URL(facilitator.url()).pathname.split('/').pop();
    const joinUrl = await facilitator.locator('#join-link').inputValue();
    expect(joinUrl).toMatch(new RegExp(`^${server.url}/join/${workshopId}#token=[A-Za-z0-9_-]{43}$`));

    const participant = await newPage(browser);
    await participant.goto(joinUrl);
    await participant.getByRole('heading', { name: 'Join “November fire drill”' }).waitFor();
    await participant.getByLabel('Your name').fill('Ann');
    await participant.getByRole('button', { name: 'Enter the room' }).click();
    await participant.waitForURL(`${server.url}/w/${workshopId}`);
    await waitUntilLive(participant);

    // The facilitator is listed first, then everyone else by name.
    await eventually(async () => expect(await roomOf(facilitator).presentNames()).toEqual(['Fay', 'Ann']));
    await eventually(async () => expect(await roomOf(participant).presentNames()).toEqual(['Fay', 'Ann']));
    // The join link is the facilitator's to hand out.
    expect(await participant.getByTestId('invite').count()).toBe(0);
    await saveScreenshot(facilitator, 'room-facilitator-with-participant');
    await saveScreenshot(participant, 'room-participant-joined');
  });

  it('shows a post-it added, edited, deleted and restored in one browser in the other', async () => {
    const workshop = await seedWorkshop();
    const facilitator = await openRoom(browser, workshop.facilitatorUrl);
    const participant = await joinAs(browser, workshop.joinUrl, 'Ann');
    const fay = roomOf(facilitator);
    const ann = roomOf(participant);

    await ann.addNote('crappy', 'Alarm fired 20 minutes late');
    await eventually(async () =>
      expect(await fay.noteTexts('crappy')).toEqual(['Alarm fired 20 minutes late']),
    );
    expect(await fay.noteTexts('awesome')).toEqual([]);
    expect(await ann.noteTexts('crappy')).toEqual(['Alarm fired 20 minutes late']);

    // Replacing the whole text in one browser…
    await fay.noteArea('crappy').fill('Alarm fired 25 minutes late');
    await eventually(async () =>
      expect(await ann.noteTexts('crappy')).toEqual(['Alarm fired 25 minutes late']),
    );
    // …and typing at the end in the other.
    await ann.noteArea('crappy').press('End');
    await ann.noteArea('crappy').pressSequentially(', to the wrong team');
    await eventually(async () =>
      expect(await fay.noteTexts('crappy')).toEqual(['Alarm fired 25 minutes late, to the wrong team']),
    );
    await saveScreenshot(facilitator, 'room-post-it-edited');

    await fay.deleteButton('Ann').click();
    await eventually(async () => expect(await fay.noteTexts('crappy')).toEqual([]));
    await eventually(async () => expect(await ann.noteTexts('crappy')).toEqual([]));

    // Nothing deleted is lost: the author puts it back from "Deleted notes", and everyone sees it again.
    await participant.getByText('Deleted notes (1)').click();
    await participant
      .getByRole('button', { name: 'Restore note “Alarm fired 25 minutes late, to the wrong team” by Ann' })
      .click();
    await eventually(async () =>
      expect(await fay.noteTexts('crappy')).toEqual(['Alarm fired 25 minutes late, to the wrong team']),
    );
    await eventually(async () =>
      expect(await ann.noteTexts('crappy')).toEqual(['Alarm fired 25 minutes late, to the wrong team']),
    );
    // Nobody's edit was refused along the way: both rooms are still live.
    expect(await fay.badge.textContent()).toBe('Live');
    expect(await ann.badge.textContent()).toBe('Live');
  });

  it('drops a participant who closes their tab from the presence list', async () => {
    const workshop = await seedWorkshop();
    const facilitator = await openRoom(browser, workshop.facilitatorUrl);
    const participant = await joinAs(browser, workshop.joinUrl, 'Bo');
    await eventually(async () => expect(await roomOf(facilitator).presentNames()).toEqual(['Fay', 'Bo']));

    await participant.context().close();
    await eventually(async () => expect(await roomOf(facilitator).presentNames()).toEqual(['Fay']));
  });

  it('brings the same participant back after a reload instead of a second one', async () => {
    const workshop = await seedWorkshop();
    const facilitator = await openRoom(browser, workshop.facilitatorUrl);
    const participant = await joinAs(browser, workshop.joinUrl, 'Cy');
    await eventually(async () => expect(await roomOf(facilitator).presentNames()).toEqual(['Fay', 'Cy']));

    await participant.reload();
    await waitUntilLive(participant);
    expect(new URL(participant.url()).pathname).toBe(`/w/${workshop.id}`);
    await eventually(async () => expect(await roomOf(participant).presentNames()).toEqual(['Fay', 'Cy']));
    await eventually(async () => expect(await roomOf(facilitator).presentNames()).toEqual(['Fay', 'Cy']));
    await participant.getByTestId('present-person').filter({ hasText: '(you)' }).getByText('Cy').waitFor();

    // Opening the join link again also goes back into the room as the same person.
    await participant.goto(workshop.joinUrl);
    await participant.waitForURL(`${server.url}/w/${workshop.id}`);
    await waitUntilLive(participant);

    // Still one Cy: notes are signed with the identity the browser kept.
    await roomOf(participant).addNote('awesome', 'Dashboards loaded fast');
    await roomOf(facilitator).deleteButton('Cy').waitFor();
    await eventually(async () => expect(await roomOf(facilitator).presentNames()).toEqual(['Fay', 'Cy']));
    const record = await fetchRecord(server.url, workshop);
    expect(record.participants.map((p) => p.name)).toEqual(['Fay', 'Cy']);
  });

  it('keeps a post-it through a server restart, in a page that stayed open and after a reload', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    ownServers.push(first);
    const workshop = await createWorkshop(first.url, { title: 'Restart drill', facilitatorName: 'Fay' });
    const facilitator = await openRoom(browser, workshop.facilitatorUrl);
    const participant = await joinAs(browser, workshop.joinUrl, 'Dee');
    await roomOf(participant).addNote('awesome', 'Runbook link was right there');
    await eventually(async () =>
      expect(await roomOf(facilitator).noteTexts('awesome')).toEqual(['Runbook link was right there']),
    );
    await participant.context().close();

    await first.stop();
    await eventually(async () => expect(await roomOf(facilitator).badge.textContent()).toBe('Reconnecting…'));

    // A server on another port cannot be reached by the open page, so the note this fresh page sees
    // came from the database, not from a browser pushing its copy back.
    const elsewhere = await startServer({ dataDir });
    ownServers.push(elsewhere);
    const fresh = await openRoom(
      browser,
      `${elsewhere.url}/w/${workshop.id}#token=${workshop.facilitatorToken}`,
    );
    await eventually(async () =>
      expect(await roomOf(fresh).noteTexts('awesome')).toEqual(['Runbook link was right there']),
    );
    await fresh.context().close();
    await elsewhere.stop();

    const again = await startServer({ dataDir, port: first.port });
    ownServers.push(again);
    // The page retries with a backoff capped at 10 s, so it may take a while to come back.
    await waitUntilLive(facilitator, 30_000);
    expect(await roomOf(facilitator).noteTexts('awesome')).toEqual(['Runbook link was right there']);
    await saveScreenshot(facilitator, 'room-after-restart');

    await facilitator.reload();
    await waitUntilLive(facilitator);
    await eventually(async () =>
      expect(await roomOf(facilitator).noteTexts('awesome')).toEqual(['Runbook link was right there']),
    );
  });

  it('answers a refused token with a page that says so', async () => {
    const workshop = await seedWorkshop();
    const page = await newPage(browser);
    for (const [path, name] of [
      [`/w/${workshop.id}#token=wrong`, 'refused-room'],
      [`/join/${workshop.id}#token=wrong`, 'refused-join'],
      [`/w/${workshop.id}`, 'refused-room-without-token'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      const refused = page.getByTestId('refused');
      await refused.getByRole('heading', { name: 'This link does not open a room' }).waitFor();
      const message = (await refused.locator('p').first().textContent())?.trim() ?? '';
      expect(message.length, `message on ${path}`).toBeGreaterThan(10);
      expect(await refused.locator('p').first().isVisible()).toBe(true);
      await saveScreenshot(page, name);
    }
  });
});

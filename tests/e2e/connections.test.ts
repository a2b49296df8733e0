import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SupportBundle } from '../../server/use-cases/support-bundle';
import { newPage, saveScreenshot, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import type { ServerProcess } from '../helpers/server-process';

/** Opens a room link in a browser of its own and waits until it is live. */
async function openRoom(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(url);
  await eventually(
    async () => expect(await page.getByTestId('connection').textContent()).toBe('Live'),
    20_000,
  );
  return page;
}

/** A participant enters through the join link with a name. */
async function joinAs(browser: Browser, joinUrl: string, name: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(joinUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Enter the room' }).click();
  await page.waitForURL(/\/w\/[^/#]+$/);
  await eventually(
    async () => expect(await page.getByTestId('connection').textContent()).toBe('Live'),
    20_000,
  );
  return page;
}

describe('the connection panel in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;
  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it('shows a participant going offline and coming back, with the reconnect counted', async () => {
    const workshop = await createWorkshop(server.url, { title: 'Flaky wifi drill', facilitatorName: 'Fay' });
    const fay = await openRoom(browser, workshop.facilitatorUrl);
    const ann = await joinAs(browser, workshop.joinUrl, 'Ann');
    // Participants have no panel.
    expect(await ann.getByTestId('connections').count()).toBe(0);

    const panel = fay.getByTestId('connections');
    await panel.locator('summary').click();
    const table = panel.getByRole('table', { name: 'Connections of everyone in the workshop' });
    const annRow = table.getByRole('row').filter({ has: fay.getByRole('rowheader', { name: 'Ann' }) });
    const status = async () => (await annRow.getByTestId('connection-status').textContent())?.trim();
    const reconnects = async () =>
      Number.parseInt((await annRow.getByTestId('connection-reconnects').textContent()) ?? '', 10);
    await eventually(async () => expect(await status()).toMatch(/^Online for/), 20_000);
    // Her browser's clock pings arrived: a round trip in ms and an offset.
    await eventually(
      async () => expect(await annRow.getByRole('cell').nth(2).textContent()).toMatch(/^\d+ ms$/),
      20_000,
    );
    expect(await reconnects()).toBe(0);

    const offlineAt = performance.now();
    await ann.context().setOffline(true);
    await eventually(async () => expect(await status()).toMatch(/^Offline for/), 20_000);
    const seenOffline = Math.round(performance.now() - offlineAt);
    await saveScreenshot(fay, 'connections-participant-offline');

    const onlineAt = performance.now();
    await ann.context().setOffline(false);
    await eventually(async () => expect(await status()).toMatch(/^Online for/), 20_000);
    await eventually(async () => expect(await reconnects()).toBeGreaterThanOrEqual(1), 20_000);
    const seenOnline = Math.round(performance.now() - onlineAt);
    await saveScreenshot(fay, 'connections-participant-back');

    // The support bundle downloads from the panel, with Ann's leave and return in it.
    const [download] = await Promise.all([
      fay.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download support bundle' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^firedrill-support-${workshop.id}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
    );
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path, 'utf8');
    const bundle = JSON.parse(text) as SupportBundle;
    const annId = bundle.participants.find((p) => p.name === 'Ann')?.id;
    const annEvents = bundle.events.filter((e) => e.participantId === annId).map((e) => e.event);
    expect(annEvents).toContain('participant.left');
    expect(annEvents.filter((e) => e === 'participant.joined').length).toBeGreaterThanOrEqual(2);
    for (const token of [workshop.facilitatorToken, workshop.joinToken]) expect(text).not.toContain(token);
    console.log(
      `connection panel: Ann seen offline ${seenOffline} ms after going offline, online again with ${await reconnects()} reconnect(s) ${seenOnline} ms after coming back; bundle ${bundle.events.length} events`,
    );
  });
});

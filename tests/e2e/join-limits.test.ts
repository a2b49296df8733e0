import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, joinWorkshop } from '../helpers/clients';
import type { ServerProcess } from '../helpers/server-process';

describe('the join page of a full workshop', () => {
  let browser: Browser;
  let server: ServerProcess;
  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it('tells the 51st person the workshop is full and what to do, instead of the form', async () => {
    const workshop = await createWorkshop(server.url, { title: 'Friday drill' });
    // MAX_PARTICIPANTS is 50 by default.
    for (let i = 0; i < 50; i++) await joinWorkshop(server.url, workshop, `Person ${i}`);

    const page = await newPage(browser);
    await page.goto(workshop.joinUrl);
    await page.getByLabel('Your name').fill('Latecomer');
    await page.getByRole('button', { name: 'Enter the room' }).click();
    const refused = page.getByTestId('refused');
    await refused.waitFor();
    expect(await refused.getByRole('heading').textContent()).toBe('No room left in this workshop');
    expect(await refused.locator('p').textContent()).toBe(
      'This workshop is full: it already has 50 participants, the most it may have. Ask the facilitator to open another workshop for the others.',
    );
    expect(await page.getByLabel('Your name').count()).toBe(0);
    expect(page.url()).toContain('/join/');
  });
});

import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newPage } from './browser';
import { eventually } from './clients';

/** Resolves once the page's room shows "Live" (synced with the server). */
export async function waitUntilLive(page: Page, timeout = 15_000): Promise<void> {
  await eventually(
    async () => expect(await page.getByTestId('connection').textContent()).toBe('Live'),
    timeout,
  );
}

/** Opens a room link (the facilitator's) in a browser of its own and waits until it is live. */
export async function openRoom(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(url);
  await waitUntilLive(page);
  return page;
}

/** A participant opens the join link in a browser of their own, types a name and enters the room. */
export async function joinAs(browser: Browser, joinUrl: string, name: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(joinUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Enter the room' }).click();
  await page.waitForURL(/\/w\/[^/#]+$/);
  await waitUntilLive(page);
  return page;
}

/** The name of the phase the room's stepper marks as current. */
export function phaseOf(page: Page): Promise<string | null> {
  return page.getByTestId('phase').locator('[aria-current="step"]').textContent();
}

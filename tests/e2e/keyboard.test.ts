import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusedElement, keyboardFocus } from '../helpers/a11y';
import { newPage, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import { openRoom, phaseOf, waitUntilLive } from '../helpers/room-pages';
import type { ServerProcess } from '../helpers/server-process';

const CARDS = [
  {
    title: 'Disk full on db-2',
    summary: 'The replica stopped.',
    evidence: [{ kind: 'alert', label: 'Disk alarm', body: '/var/lib/postgresql 100%' }],
  },
  {
    title: 'Refunds stuck',
    summary: 'Customers say refunds never arrive.',
    evidence: [{ kind: 'dashboard', label: 'Refund queue depth', body: '12,403 messages, rising' }],
  },
];

/** Moves the focus to a control with Tab (and the arrows in a toolbar), then presses `key` on it. */
async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await keyboardFocus(page, target);
  await page.keyboard.press(key);
}

/** Moves the focus to a field with Tab, types into it and presses Enter. */
async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await keyboardFocus(page, target);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The room's toolbar button with this name (the facilitator's controls). */
const tool = (page: Page, name: string) =>
  page.getByRole('toolbar', { name: 'Facilitator controls' }).getByRole('button', { name, exact: true });

describe('the workshop by keyboard alone', { timeout: 180_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;
  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it('joins, draws, passes the turn, reveals, logs a step, writes a post-it, votes and ends with Tab, arrows, Enter, Space and typing, the focus always visible', async () => {
    const workshop = await createWorkshop(server.url, {
      title: 'Keyboard drill',
      facilitatorName: 'Fay',
      scenarios: CARDS,
    });
    const fay = await openRoom(browser, workshop.facilitatorUrl);

    // Ann joins: Tab to the name field, type, Enter.
    const ann = await newPage(browser);
    await ann.goto(workshop.joinUrl);
    await typeInto(ann, ann.getByLabel('Your name'), 'Ann');
    await ann.waitForURL(/\/w\/[^/#]+$/);
    await waitUntilLive(ann);
    await eventually(async () =>
      expect(await fay.getByTestId('present-person').locator('.person-name').allTextContents()).toEqual([
        'Fay',
        'Ann',
      ]),
    );

    // The facilitator opens the draw from the toolbar; both draw a card (Enter, then Space).
    await press(fay, tool(fay, 'Move to draw'));
    await eventually(async () => expect(await phaseOf(ann)).toBe('Draw'));
    // Arrow keys move along the toolbar, and the focus stays in it as controls change.
    expect((await focusedElement(fay))?.inToolbar).toBe(true);
    await press(fay, fay.getByRole('button', { name: 'Draw a card' }));
    await fay.locator('.your-card').waitFor();
    await press(ann, ann.getByRole('button', { name: 'Draw a card' }), ' ');
    await ann.locator('.your-card').waitFor();
    await eventually(async () => expect(await fay.getByTestId('draw').count()).toBe(2));

    // Ann becomes the scribe: the select takes typed letters.
    await keyboardFocus(fay, fay.getByLabel('Scribe', { exact: true }));
    await fay.keyboard.type('Ann');
    await eventually(async () =>
      expect(
        await ann
          .getByTestId('present-person')
          .filter({ hasText: 'Ann' })
          .locator('.badge')
          .allTextContents(),
      ).toEqual(['scribe']),
    );

    // Turns start with the facilitator; she reveals her evidence.
    await press(fay, tool(fay, 'Start turns'));
    await eventually(async () =>
      expect(await ann.getByTestId('driver').textContent()).toBe('Fay is driving'),
    );
    await press(fay, fay.getByRole('button', { name: /^Reveal / }).first());
    await eventually(async () => expect(await ann.getByTestId('evidence-revealed').count()).toBe(1));

    // The scribe logs a step; Ann writes a post-it.
    await typeInto(ann, ann.getByLabel('Log a step'), 'Checks the disk usage dashboard');
    await eventually(async () =>
      expect(await fay.getByTestId('timeline-step').locator('.step-text').allTextContents()).toEqual([
        'Checks the disk usage dashboard',
      ]),
    );
    await typeInto(ann, ann.getByLabel("New note for What's crappy"), 'No alarm before the disk was full');
    await eventually(async () =>
      expect(
        await fay
          .getByTestId('wall-crappy')
          .getByTestId('note')
          .locator('textarea')
          .evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value)),
      ).toEqual(['No alarm before the disk was full']),
    );

    // The laptop passes to Ann, who reveals her own evidence.
    await press(fay, tool(fay, 'Pass the laptop'));
    await eventually(async () =>
      expect(await ann.getByTestId('driver').textContent()).toBe('You are driving'),
    );
    await press(ann, ann.getByRole('button', { name: /^Reveal / }).first());
    await eventually(async () => expect(await fay.getByTestId('evidence-revealed').count()).toBe(1));

    // Reflection: Ann writes an action and votes for it.
    await press(fay, tool(fay, 'Move to reflection'));
    await eventually(async () => expect(await phaseOf(ann)).toBe('Reflect'));
    await typeInto(ann, ann.getByLabel('New note for Actions'), 'Alarm at 80% disk');
    await press(ann, ann.getByRole('button', { name: 'Vote for “Alarm at 80% disk”' }));
    await eventually(async () => expect(await fay.getByTestId('vote-count').textContent()).toBe('1 vote'));
    await eventually(async () =>
      expect(await ann.getByTestId('votes-left').textContent()).toBe('2 of 3 votes left'),
    );

    // The end asks first, with the focus on the safe answer.
    await press(fay, tool(fay, 'End workshop'));
    await eventually(async () =>
      expect(await (await focusedElement(fay))?.description).toBe('button "Cancel"'),
    );
    await press(fay, tool(fay, 'Yes, end it'));
    for (const page of [fay, ann]) {
      const summary = page.getByTestId('summary');
      await summary.waitFor();
      expect(await summary.getByTestId('summary-action').textContent()).toContain('Alarm at 80% disk');
      expect(await summary.getByTestId('summary-turn').count()).toBe(2);
    }
  });
});

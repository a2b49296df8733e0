import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';

/** Where the per-phase screenshots land (git-ignored), named `<phase>-<width>.png`. */
export const screenshotDir = path.resolve('test-results', 'screenshots');

/** The two widths every page is checked at: a laptop and a small phone. */
export const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
] as const;

/** An axe violation as a failing test prints it: rule, impact, and where. */
export interface Violation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs every axe rule on the page as it is now and returns the serious and critical violations.
 * Waits for running animations first: a card sliding in is not the colour it settles on.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
    }));
}

/**
 * What sticks out sideways: the page's scroll width, and every visible control (button, link,
 * field, summary) whose box is not wholly within the viewport's width, unless it sits in a box that
 * scrolls sideways by itself (a wide table), which the keyboard and a finger can scroll.
 */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const inScroller = (el: Element) => {
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return true;
      return false;
    };
    const outside = [...document.querySelectorAll('button, a[href], input, select, textarea, summary')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || inScroller(el)) return false;
        return box.left < -1 || box.right > width + 1;
      })
      .map((el) => {
        const name = el.getAttribute('aria-label') || el.getAttribute('name') || el.textContent || '';
        return `${el.tagName.toLowerCase()} "${name.trim().slice(0, 60)}"`;
      });
    return { scrollWidth: document.documentElement.scrollWidth, outside };
  });
}

/** Saves a full-page screenshot as test-results/screenshots/<name>-<width>.png and returns its path. */
export async function savePhaseScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = path.join(screenshotDir, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The PNG's width and height from its header, or null when the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number; bytes: number } | null {
  const bytes = readFileSync(file);
  const signature = '89504e470d0a1a0a';
  if (bytes.subarray(0, 8).toString('hex') !== signature) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes: bytes.length };
}

/**
 * How the focused element shows its focus: its tag and name, and whether it has a visible ring
 * (a non-zero outline or a box shadow). `null` when nothing but the page itself has focus.
 */
export function focusedElement(
  page: Page,
): Promise<{ description: string; visibleFocus: boolean; inToolbar: boolean } | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    const name =
      el.getAttribute('aria-label') ||
      el.textContent ||
      el.getAttribute('name') ||
      el.getAttribute('type') ||
      el.id;
    return {
      description: `${el.tagName.toLowerCase()} "${name?.trim().slice(0, 60)}"`,
      visibleFocus: outline || shadow,
      inToolbar: el.closest('[role="toolbar"]') !== null,
    };
  });
}

/**
 * Moves the keyboard focus to `target` as a keyboard user would: Tab through the page, and the
 * arrow keys inside a toolbar (where only one control is a Tab stop). Every element the focus
 * lands on on the way must show a visible focus indicator; throws naming the first that does not.
 */
export async function keyboardFocus(page: Page, target: Locator, maxPresses = 200): Promise<void> {
  const targetInToolbar = await target.evaluate((el) => el.closest('[role="toolbar"]') !== null);
  for (let presses = 0; presses < maxPresses; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    const focused = await focusedElement(page);
    const inSameToolbar =
      focused?.inToolbar &&
      targetInToolbar &&
      (await target.evaluate((el) => el.closest('[role="toolbar"]')?.contains(document.activeElement)));
    await page.keyboard.press(inSameToolbar ? 'ArrowRight' : 'Tab');
    const now = await focusedElement(page);
    if (now && !now.visibleFocus) throw new Error(`no visible focus indicator on ${now.description}`);
  }
  throw new Error(`the keyboard never reached ${target} in ${maxPresses} presses`);
}

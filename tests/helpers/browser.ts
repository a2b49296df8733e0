import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ServerOptions, type ServerProcess, startServer } from './server-process';

/** Debian's Chromium; playwright-core drives it as is, with no browser download. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots and page logs land (git-ignored). */
export const artefactDir = path.resolve('test-results', 'e2e');

/**
 * Launches one headless Chromium for a test file. The flags keep it off the network except for the
 * test server (no component updates, no sync, no QUIC probing) and let it run as root in a container.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What each page printed to its console and every uncaught error, for the failure log. */
const pageLogs = new WeakMap<Page, string[]>();

/**
 * A page in a context of its own: each person gets separate localStorage and cookies, as if on
 * their own laptop. Closing the page's context is the caller's or `closeAllPages`'s job.
 */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const log: string[] = [];
  pageLogs.set(page, log);
  page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.stack ?? error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400)
      log.push(`[http ${response.status()}] ${response.request().method()} ${response.url()}`);
  });
  return page;
}

/** A test or artefact name made safe for a file name. */
function fileName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
}

/** Saves a full-page screenshot to test-results/e2e/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artefactDir, { recursive: true });
  const file = path.join(artefactDir, `${fileName(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Screenshots every page still open in the browser, with its URL and console output beside it in a
 * .log file. Called after a failed test; a page that cannot be captured (closed, crashed) is skipped.
 */
export async function saveFailureArtefacts(browser: Browser, testName: string): Promise<string[]> {
  const pages = browser.contexts().flatMap((context) => context.pages());
  const saved: string[] = [];
  for (const [index, page] of pages.entries()) {
    const name = `${testName} failed ${index + 1}`;
    try {
      saved.push(await saveScreenshot(page, name));
      const log = [`url: ${page.url()}`, ...(pageLogs.get(page) ?? [])].join('\n');
      writeFileSync(path.join(artefactDir, `${fileName(name)}.log`), `${log}\n`);
    } catch {
      // The page went away with the failure; the other pages are still worth having.
    }
  }
  return saved;
}

/** Closes every context, so the next test starts with nobody in the room. */
export async function closeAllPages(browser: Browser): Promise<void> {
  await Promise.all(browser.contexts().map((context) => context.close()));
}

/**
 * Registers the hooks every end-to-end file needs: one Chromium and one real server for the file,
 * failure artefacts and closed pages after each test, everything stopped at the end. `ready`
 * receives the browser and server once they are up; `options` go to the server.
 */
export function withBrowserAndServer(
  ready: (browser: Browser, server: ServerProcess) => void,
  options: ServerOptions = {},
): void {
  let browser: Browser | undefined;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServer(options)]);
    ready(browser, server);
  });
  afterEach(async (context) => {
    if (!browser) return;
    if (context.task.result?.state === 'fail') await saveFailureArtefacts(browser, context.task.name);
    await closeAllPages(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

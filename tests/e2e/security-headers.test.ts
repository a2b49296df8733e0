/**
 * The pages under their Content-Security-Policy in Chromium: every page loads and works (the room
 * goes live, the team page goes live and shows an uploaded image) with no CSP violation and no CSP
 * error in the console, and no page can be framed by another site.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, withBrowserAndServer } from '../helpers/browser';
import { createWorkshop, eventually } from '../helpers/clients';
import { makePng } from '../helpers/images';
import { waitUntilLive } from '../helpers/room-pages';
import { type ServerProcess, startServer } from '../helpers/server-process';
import { createTeam } from '../helpers/team';

/** Records CSP violations the page reports and the console's CSP errors, from before the first script. */
async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { cspViolations?: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      ),
    );
  });
  return async () => [
    ...consoleErrors,
    ...(await page.evaluate(() => (globalThis as { cspViolations?: string[] }).cspViolations ?? [])),
  ];
}

/** Opens `url` and checks the page's security headers; returns the policy. */
async function openWithPolicy(page: Page, url: string): Promise<string> {
  const response = await page.goto(url);
  const headers = response!.headers();
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['strict-transport-security']).toBeUndefined();
  const policy = headers['content-security-policy'] ?? '';
  const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts).not.toContain('unsafe-inline');
  expect(scripts).not.toContain('unsafe-eval');
  expect(policy).toContain("frame-ancestors 'none'");
  return policy;
}

describe('security headers in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;

  withBrowserAndServer((b, s) => {
    browser = b;
    server = s;
  });

  it('the landing page, the join page, the room and the team page work under the policy with no violation', async () => {
    const workshop = await createWorkshop(server.url, { title: 'Policy drill' });
    const team = await createTeam(server.url, 'Policy team');
    const nonces = new Set<string>();
    const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

    // The landing page: its form works (hydrated, so Next's scripts ran) and leads to the new team.
    const landing = await newPage(browser);
    const landingViolations = await watchPolicy(landing);
    nonces.add(nonceOf(await openWithPolicy(landing, server.url))!);
    await landing.getByLabel('Team name').fill('Made on the landing page');
    await landing.getByRole('button', { name: 'Create team' }).click();
    await landing.waitForURL(/\/t\/[^/#]+$/);
    await landing.getByRole('heading', { name: 'Made on the landing page' }).waitFor();

    // The join page, and the room it leads to, live over socket.io and the Yjs WebSocket.
    const guest = await newPage(browser);
    const guestViolations = await watchPolicy(guest);
    nonces.add(nonceOf(await openWithPolicy(guest, workshop.joinUrl))!);
    await guest.getByLabel('Your name').fill('Ann');
    await guest.getByRole('button', { name: 'Enter the room' }).click();
    await guest.waitForURL(/\/w\/[^/#]+$/);
    await waitUntilLive(guest);

    // The facilitator's room, opened by its link.
    const facilitator = await newPage(browser);
    const facilitatorViolations = await watchPolicy(facilitator);
    // The Yjs and socket.io connections never carry the token in their URL (proxies log URLs).
    const socketUrls: string[] = [];
    facilitator.on('websocket', (socket) => socketUrls.push(socket.url()));
    nonces.add(nonceOf(await openWithPolicy(facilitator, workshop.facilitatorUrl))!);
    await waitUntilLive(facilitator);
    await eventually(async () => expect(await facilitator.getByText('Ann').count()).toBeGreaterThan(0));
    expect(socketUrls.filter((url) => url.includes('/yjs/'))).toHaveLength(3);
    expect(socketUrls.filter((url) => url.includes(workshop.facilitatorToken))).toEqual([]);

    // The team page: live, and a picked image shown from a blob: URL, uploaded, then shown from the server.
    const admin = await newPage(browser);
    const adminViolations = await watchPolicy(admin);
    nonces.add(nonceOf(await openWithPolicy(admin, team.adminUrl))!);
    await admin.getByTestId('live-status').filter({ hasText: 'Live:' }).waitFor();
    await admin.getByRole('button', { name: 'New card' }).click();
    await admin.getByLabel('Title', { exact: true }).fill('Checkout 500s');
    await admin.getByRole('button', { name: 'Add evidence' }).click();
    await admin.getByLabel('Kind of evidence 1').selectOption('image');
    await admin.getByLabel('Label of evidence 1').fill('Error rate graph');
    await admin.getByLabel(/^Image for evidence 1/).setInputFiles({
      name: 'graph.png',
      mimeType: 'image/png',
      buffer: Buffer.from(makePng(24)),
    });
    await admin.getByRole('img', { name: /^evidence 1: 0 redaction boxes/ }).waitFor();
    await admin.getByRole('button', { name: 'Add card' }).click();
    await admin.getByRole('button', { name: 'Edit Checkout 500s' }).click();
    const thumbnail = admin.getByRole('img', { name: /^Stored / });
    await eventually(async () =>
      expect(await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(24),
    );

    for (const [name, violations] of [
      ['landing', landingViolations],
      ['join and room', guestViolations],
      ['facilitator room', facilitatorViolations],
      ['team', adminViolations],
    ] as const)
      expect([name, await violations()]).toEqual([name, []]);
    // A fresh nonce per response.
    expect(nonces.size).toBe(4);
  });

  it('a page refuses to be framed by another site', async () => {
    const page = await newPage(browser);
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('frame-ancestors')) refusals.push(message.text());
    });
    const loaded: string[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(server.url)) loaded.push(response.url());
    });
    // Another site (another port: another origin) whose page frames the landing page. A real server,
    // not an intercepted URL: Chromium lets only a local page load a local one in a frame.
    const attacker = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<!doctype html><title>Evil</title><iframe src="${server.url}/"></iframe><iframe src="${server.url}/healthz"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const { port } = attacker.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    // The browser fetched the page, then refused to show it inside the frame.
    await eventually(() => expect(loaded.length).toBeGreaterThan(0));
    await eventually(() => expect(refusals.length).toBeGreaterThan(0));
    // The landing page's frame holds Chromium's error page; the control, /healthz (plain JSON from the
    // custom server, no headers against framing), shows in its frame, so framing itself worked.
    const [victim, control] = page.frames().filter((f) => f !== page.mainFrame());
    expect(victim!.url()).toMatch(/^chrome-error:/);
    expect(await victim!.evaluate(() => document.body.textContent)).not.toContain('Firedrill');
    await eventually(() => expect(control!.url()).toBe(`${server.url}/healthz`));
    await eventually(async () =>
      expect(await control!.evaluate(() => document.body?.textContent ?? '')).toContain('"status":"ok"'),
    );
    attacker.close();
  });
});

describe('security headers when PUBLIC_URL is https', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ env: { PUBLIC_URL: 'https://drills.example.com' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('pages carry HSTS and upgrade insecure requests', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

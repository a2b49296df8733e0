/**
 * Room-open benchmark: how long a real participant waits from opening the room page to the live room
 * (three Yjs documents and one socket.io connection synced: the page's connection badge says "Live"),
 * alone and with 15 people opening it at once, in Debian's Chromium against a production server on a
 * fresh PostgreSQL database (TEST_DATABASE_URL's server).
 *
 *   npm run bench:room-open          ROUNDS (5) single opens, then CROWD (15) at once, twice
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser';
import { createWorkshop, joinWorkshop } from '../tests/helpers/clients';
import { createTestDatabase } from '../tests/helpers/cluster';
import { startServer } from '../tests/helpers/server-process';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CROWD = Number(process.env.CROWD ?? 15);
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';

/** Opens `url` in a context of its own; resolves with ms to the first byte, to DOMContentLoaded and to "Live". */
async function open(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const domMs = performance.now() - started;
  await page.waitForFunction(
    () => document.querySelector('[data-testid="connection"]')?.textContent === 'Live',
    null,
    {
      polling: 'raf',
      timeout: 60_000,
    },
  );
  const liveMs = performance.now() - started;
  const ttfbMs = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return nav ? nav.responseStart - nav.startTime : Number.NaN;
  });
  return { ttfbMs, domMs, liveMs, close: () => context.close() };
}

/** utime + stime of a process, ms. */
const cpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const line = (label: string, values: number[]) =>
  `${label} p50 ${pct(values, 50).toFixed(0)} ms, max ${pct(values, 100).toFixed(0)} ms`;

const database = await createTestDatabase();
const server = await startServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'info' } });
const browser = await launchBrowser();
try {
  const workshop = await createWorkshop(server.url, { title: 'Room open bench' });
  const people = await Promise.all(
    Array.from({ length: CROWD }, (_, i) => joinWorkshop(server.url, workshop, `Person ${i + 1}`)),
  );
  const roomUrl = (token: string) => `${server.url}/w/${workshop.id}#token=${token}`;
  // A first open warms the server's page and the browser's cache, as any earlier visit would.
  await (await open(browser, roomUrl(workshop.facilitatorToken))).close();

  const alone: Awaited<ReturnType<typeof open>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const opened = await open(browser, roomUrl(people[i % people.length]!.participantToken));
    alone.push(opened);
    await opened.close();
  }
  console.log(`1 person opens the room (${ROUNDS} times, one after the other):`);
  console.log(
    `  ${line(
      'first byte',
      alone.map((o) => o.ttfbMs),
    )}; ${line(
      'DOMContentLoaded',
      alone.map((o) => o.domMs),
    )}`,
  );
  console.log(
    `  ${line(
      'live room',
      alone.map((o) => o.liveMs),
    )}`,
  );

  for (let round = 1; round <= 2; round++) {
    const cpuBefore = cpuMs(server.process.pid!);
    const crowd = await Promise.all(people.map((p) => open(browser, roomUrl(p.participantToken))));
    const serverCpu = cpuMs(server.process.pid!) - cpuBefore;
    console.log(`${CROWD} people open the room at once (round ${round}; server CPU ${serverCpu} ms):`);
    console.log(
      `  ${line(
        'first byte',
        crowd.map((o) => o.ttfbMs),
      )}; ${line(
        'DOMContentLoaded',
        crowd.map((o) => o.domMs),
      )}`,
    );
    console.log(
      `  ${line(
        'live room',
        crowd.map((o) => o.liveMs),
      )}`,
    );
    await Promise.all(crowd.map((o) => o.close()));
  }
} finally {
  await browser.close();
  await server.stop();
  await database.drop();
}
process.exit(0);

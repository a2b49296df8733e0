import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../server/contract/commands';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { CreatedTeam, LibraryCardView } from '../../server/contract/team';
import {
  closeAllPages,
  launchBrowser,
  newPage,
  saveFailureArtefacts,
  saveScreenshot,
} from '../helpers/browser';
import { connectSocket, eventually, joinWorkshop } from '../helpers/clients';
import { createPostgresDatabase, type TestDatabase } from '../helpers/databases';
import { makePng } from '../helpers/images';

import { type ServerProcess, startServer } from '../helpers/server-process';
import { teamApi } from '../helpers/team';

/** What must never be stored or shown: a customer's address and a bot token, pasted from a real thread. */
const EMAIL = 'jane.doe@example.com';
const TOKEN = 'xoxb-2048-1234567890-AbCdEfGhIjKlMnOpQrStUvWx';
/** A value the author keeps on purpose: it must survive, proving the checks read the rows that hold it. */
const KEPT_IP = '10.1.2.3';

const slackThread = `Priya Shah  10:42 AM
customer ${EMAIL} says checkout spins forever

Tom Reed  10:43 AM
replayed the order with the bot token ${TOKEN}
Priya Shah  10:47 AM
${EMAIL} confirmed it works after the retry from ${KEPT_IP}`;

/** Pastes image files and/or text into the focused element, as Ctrl+V does with a screenshot on the clipboard. */
async function paste(page: Page, content: { images?: { name: string; bytes: number[] }[]; text?: string }) {
  await page.evaluate(({ images, text }) => {
    const data = new DataTransfer();
    for (const image of images ?? [])
      data.items.add(new File([new Uint8Array(image.bytes)], image.name, { type: 'image/png' }));
    if (text) data.setData('text/plain', text);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    document.activeElement?.dispatchEvent(event);
  }, content);
}

/** The colour of one pixel of a stored image, read in the browser. */
function pixel(page: Page, imageId: string, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    async ({ imageId, x, y }) => {
      const image = new Image();
      image.src = `/api/images/${imageId}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      return [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
    },
    { imageId, x, y },
  );
}

describe('preparing a scenario from a real incident, in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let server: ServerProcess;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    [browser, server] = await Promise.all([launchBrowser(), startServer({ databaseUrl: database.url })]);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await saveFailureArtefacts(browser, context.task.name);
    await closeAllPages(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('pastes screenshots and a chat thread, redacts them before saving, and the room never sees the secrets', async () => {
    const team = (await (
      await fetch(`${server.url}/api/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Checkout' }),
      })
    ).json()) as CreatedTeam;
    const api = teamApi(server.url, team.id, team.adminToken);

    // Everything the server sends to any page (HTTP answers and WebSocket frames), to search afterwards.
    const received: string[] = [];
    const record = (page: Page) => {
      page.on('response', (response) => {
        void response.body().then(
          (body) => received.push(body.toString('latin1')),
          () => {},
        );
      });
      page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) =>
          received.push(typeof payload === 'string' ? payload : payload.toString('latin1')),
        ),
      );
    };
    const sent: Buffer[] = [];

    const admin = await newPage(browser);
    record(admin);
    // Every upload the page makes, as the server receives it.
    await admin.route('**/api/teams/*/images', async (route) => {
      sent.push(route.request().postDataBuffer() ?? Buffer.alloc(0));
      await route.continue();
    });
    await admin.goto(team.adminUrl);
    await admin.getByRole('button', { name: 'New card' }).click();
    await admin.getByLabel('Title', { exact: true }).fill('Checkout spins forever');

    // 1. Two screenshots pasted at once become two image items, held in the browser.
    const first = [...makePng(40)];
    const second = [...makePng(30)];
    const zone = admin.getByLabel(/^Paste or drop evidence/);
    await zone.click();
    await paste(admin, {
      images: [
        { name: 'image.png', bytes: first },
        { name: 'image.png', bytes: second },
      ],
    });
    await eventually(async () => expect(await admin.getByTestId('image-redactor').count()).toBe(2));
    expect(await admin.getByLabel('Label of evidence 1').inputValue()).toBe('Screenshot 1');
    expect(await admin.getByLabel('Label of evidence 2').inputValue()).toBe('Screenshot 2');

    // 2. A box drawn over the first screenshot: the top-left quarter to the centre.
    const canvas = admin.getByTestId('image-redactor').first();
    const box = (await canvas.boundingBox())!;
    await admin.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await admin.mouse.down();
    await admin.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35, { steps: 4 });
    await admin.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 4 });
    await admin.mouse.up();
    await admin.getByRole('img', { name: 'evidence 1: 1 redaction box' }).waitFor();

    // 3. A Slack thread pasted as text: cut per message, the address and the token replaced, the
    // same address by the same placeholder; the internal IP kept on purpose.
    await zone.click();
    await paste(admin, { text: slackThread });
    const preview = admin.getByTestId('split-preview');
    await preview.waitFor();
    await eventually(async () => expect(await preview.getByTestId('split-piece').count()).toBe(3));
    expect(await preview.getByLabel('One item per message (3)').isChecked()).toBe(true);
    const pieces = await preview.getByTestId('split-piece').allTextContents();
    expect(pieces.join('\n')).not.toContain(EMAIL);
    expect(pieces.join('\n')).not.toContain(TOKEN);
    expect(pieces[0]).toContain('<email-1>');
    expect(pieces[1]).toContain('<token-1>');
    expect(pieces[2]).toContain('<email-1> confirmed');
    await preview
      .getByRole('checkbox', { name: new RegExp(`Keep IP address ${KEPT_IP.replace(/\./g, '\\.')}`) })
      .check();
    await saveScreenshot(admin, 'prep-1-paste-preview');
    await preview.getByRole('button', { name: 'Add 3 evidence items' }).click();
    await eventually(async () => expect(await admin.getByTestId('evidence-draft').count()).toBe(5));
    expect(await admin.getByLabel('Text of evidence 3').inputValue()).toBe(
      'Priya Shah (10:42 AM): customer <email-1> says checkout spins forever',
    );

    // 4. Reordered by keyboard: the last message moves up above the second one.
    await admin.getByRole('button', { name: 'Move evidence 5 up' }).focus();
    await admin.keyboard.press('Enter');
    expect(await admin.getByLabel('Text of evidence 4').inputValue()).toContain('confirmed it works');
    expect(await admin.getByLabel('Text of evidence 5').inputValue()).toContain('<token-1>');
    // …and dragged back below it by its handle.
    const drafts = admin.getByTestId('evidence-draft');
    await drafts.nth(3).locator('.drag-handle').dragTo(drafts.nth(4));
    await eventually(async () =>
      expect(await admin.getByLabel('Text of evidence 5').inputValue()).toContain('confirmed it works'),
    );
    expect(await admin.getByLabel('Text of evidence 4').inputValue()).toContain('<token-1>');
    await saveScreenshot(admin, 'prep-2-card-form');
    await admin.getByRole('button', { name: 'Add card' }).click();
    await admin.getByTestId('library-card').filter({ hasText: 'Checkout spins forever' }).waitFor();

    // The stored card: images, then the thread in its order, redacted, the IP kept.
    const [card] = (await api.get<LibraryCardView[]>('/cards')).body;
    expect(card!.evidence.map((e) => e.kind)).toEqual(['image', 'image', 'chat', 'chat', 'chat']);
    expect(card!.evidence[4]).toMatchObject({
      body: `Priya Shah (10:47 AM): <email-1> confirmed it works after the retry from ${KEPT_IP}`,
      kept: [KEPT_IP],
    });
    const [firstId, secondId] = [card!.evidence[0]!.body, card!.evidence[1]!.body];

    // The box is burnt into the uploaded pixels; outside it, and on the other screenshot, the red remains.
    expect(await pixel(admin, firstId, 12, 12)).toEqual([0, 0, 0]);
    expect(await pixel(admin, firstId, 36, 36)).toEqual([255, 0, 0]);
    expect(await pixel(admin, secondId, 12, 12)).toEqual([255, 0, 0]);
    // The original screenshot never left the browser: no request carried its bytes.
    const original = Buffer.from(first);
    expect(sent.some((body) => body.includes(original))).toBe(false);
    expect(sent.map((body) => body.subarray(1, 4).toString('latin1'))).toEqual(['PNG', 'PNG']);

    // 5. The card in a workshop: the driver reveals everything; the room shows placeholders and images.
    const workshop = (
      await api.post<CreatedWorkshop>('/workshops', { title: 'December drill', cardIds: [card!.id] })
    ).body;
    const ann = await joinWorkshop(server.url, workshop, 'Ann');
    const room = await newPage(browser);
    record(room);
    await room.goto(`${server.url}/w/${workshop.id}#token=${ann.participantToken}`);
    const facilitator = connectSocket(server.url, workshop.id, workshop.facilitatorToken);
    await new Promise((resolve) => facilitator.once('session:ready', resolve));
    const send = async (name: CommandName, payload: unknown) => {
      const ack = await (
        facilitator.timeout(10_000) as unknown as {
          emitWithAck(n: string, p: unknown): Promise<Ack<unknown>>;
        }
      ).emitWithAck(name, payload);
      expect(ack, name).toMatchObject({ ok: true });
    };
    await send('phase:set', { phase: 'draw' });
    await send('hat:draw', { participantId: ann.participantId });
    await send('turn:start', { participantId: ann.participantId });
    for (let index = 0; index < 5; index++) await send('evidence:reveal', { index });
    facilitator.disconnect();
    await eventually(async () => expect(await room.getByTestId('evidence-revealed').count()).toBe(5));
    const images = room.getByTestId('evidence-revealed').locator('img');
    await eventually(async () =>
      expect(
        await images.evaluateAll((all) => all.map((img) => (img as HTMLImageElement).naturalWidth)),
      ).toEqual([40, 30]),
    );
    const shown = await room.getByTestId('evidence').textContent();
    expect(shown).toContain('<email-1>');
    expect(shown).toContain(KEPT_IP);
    await saveScreenshot(room, 'prep-3-revealed');

    // Nowhere: not in either page's DOM, not in any answer or frame the server sent, not in any row.
    for (const page of [admin, room]) {
      const html = await page.content();
      expect(html).not.toContain(EMAIL);
      expect(html).not.toContain(TOKEN);
    }
    expect(received.length).toBeGreaterThan(20);
    expect(received.some((body) => body.includes('&lt;email-1&gt;') || body.includes('<email-1>'))).toBe(
      true,
    );
    expect(received.filter((body) => body.includes(EMAIL) || body.includes(TOKEN))).toEqual([]);

    const sql = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ name: string }[]>`
        select table_name as name from information_schema.tables where table_schema = 'public'`;
      const hits = { email: 0, token: 0, kept: 0 };
      const hex = (text: string) => Buffer.from(text).toString('hex');
      for (const { name } of tables) {
        const rows = await sql.unsafe(`select t::text as row from "${name}" t`);
        for (const { row } of rows as unknown as { row: string }[]) {
          if (row.includes(EMAIL) || row.includes(hex(EMAIL))) hits.email++;
          if (row.includes(TOKEN) || row.includes(hex(TOKEN))) hits.token++;
          if (row.includes(KEPT_IP) || row.includes(hex(KEPT_IP))) hits.kept++;
        }
      }
      expect(tables.length).toBeGreaterThan(5);
      // The kept value is found (in the library card and the workshop's copy): the search reads the rows.
      expect(hits).toEqual({ email: 0, token: 0, kept: expect.any(Number) });
      expect(hits.kept).toBeGreaterThanOrEqual(2);
    } finally {
      await sql.end();
    }
  });
});

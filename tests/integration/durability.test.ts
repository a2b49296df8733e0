import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, notesOf, noteText } from '../../server/model/notes';
import {
  connectSocket,
  connectYjs,
  createWorkshop,
  eventually,
  joinWorkshop,
  synced,
} from '../helpers/clients';
import { databaseFor, drivers, type TestDatabase } from '../helpers/databases';
import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process';

/** Kill/restart cycles per driver; each kills the server at a random moment under write load. */
const CYCLES = Number(process.env.DURABILITY_CYCLES ?? 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TOKEN = /([a-z])(\d+);/g;

/** Every token (`a17;`) in the post-its of `doc`. */
function tokensIn(doc: Y.Doc): Set<string> {
  const found = new Set<string>();
  for (const note of notesOf(doc).values()) {
    const text = note instanceof Y.Map ? note.get('text') : undefined;
    if (text instanceof Y.Text) for (const [token] of text.toString().matchAll(TOKEN)) found.add(token);
  }
  return found;
}

/**
 * A participant writing as fast as a busy room: one token per update, appended to a post-it of their
 * own (a new one every 60 tokens, as post-its are short), in the shapes the server accepts.
 */
function tokenWriter(doc: Y.Doc, author: { id: string; name: string }, prefix: string, cycle: number) {
  let notes = 0;
  let inNote = 60;
  let text: Y.Text | undefined;
  return (n: number) => {
    const token = `${prefix}${n};`;
    if (!text || inNote >= 60) {
      const id = addNote(doc, {
        id: `${prefix}-${cycle}-${++notes}`,
        wall: 'crappy',
        text: token,
        author,
        now: Date.now(),
      });
      text = noteText(doc, id);
      inNote = 1;
    } else {
      text.insert(text.length, token);
      inNote++;
    }
  };
}

describe.each(drivers)('durability on %s', (driver) => {
  const servers: ServerProcess[] = [];
  let database: TestDatabase | undefined;
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
    await database?.drop();
  });
  const start = async (options: { dataDir: string; port?: number; env?: Record<string, string> }) => {
    const server = await startServer({ ...options, databaseUrl: database?.url });
    servers.push(server);
    return server;
  };

  it(`keeps every update that arrived more than 100 ms before kill -9, over ${CYCLES} cycles under write load`, async () => {
    database = await databaseFor(driver);
    const dataDir = tempDataDir();
    let server = await start({ dataDir });
    const workshop = await createWorkshop(server.url);
    const writers = await Promise.all(
      ['Ann', 'Bob'].map(async (name) => ({ name, ...(await joinWorkshop(server.url, workshop, name)) })),
    );
    // Every token that reached another client more than 100 ms before a kill, by the kill it preceded.
    const mustKeep = new Map<string, number>();
    const lost = new Set<string>();
    const perCycle: string[] = [];
    let sent = 0;
    /** Checks the server just started against every kill so far: what must be kept is there. */
    const verify = (kept: Set<string>) => {
      for (const token of mustKeep.keys()) if (!kept.has(token)) lost.add(token);
    };

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // A second client sees each update only after the server received it, so the moment it sees
      // one bounds the moment the server had it: that is the "arrival" the promise is about.
      const observer = connectYjs(server.url, workshop.id, workshop.facilitatorToken);
      await synced(observer.provider);
      verify(tokensIn(observer.doc));
      const seenAt = new Map<string, number>();
      notesOf(observer.doc).observeDeep((events) => {
        const now = Date.now();
        for (const event of events) {
          const inserted: string[] = [];
          if (event.target instanceof Y.Text) {
            for (const op of event.delta) if (typeof op.insert === 'string') inserted.push(op.insert);
          } else if (event.target === notesOf(observer.doc)) {
            for (const [key, change] of event.changes.keys) {
              const text = change.action === 'add' ? noteText(observer.doc, key) : undefined;
              if (text) inserted.push(text.toString());
            }
          }
          for (const chunk of inserted)
            for (const [token] of chunk.matchAll(TOKEN)) if (!seenAt.has(token)) seenAt.set(token, now);
        }
      });
      const clients = writers.map((w) => connectYjs(server.url, workshop.id, w.participantToken));
      await Promise.all(clients.map((c) => synced(c.provider)));
      const tickers = clients.map((client, w) => {
        const writer = writers[w]!;
        const write = tokenWriter(
          client.doc,
          { id: writer.participantId, name: writer.name },
          'ab'[w]!,
          cycle,
        );
        return setInterval(() => write(sent++), 5);
      });
      // Killed at a different moment each time: mid-batch, mid-compaction, between the two.
      await sleep(1_000 + Math.random() * 800);
      const killedAt = Date.now();
      server.process.kill('SIGKILL');
      for (const ticker of tickers) clearInterval(ticker);
      await server.kill();
      for (const client of [...clients, observer]) client.destroy();
      const arrived = [...seenAt].filter(([, at]) => at < killedAt - 100).map(([token]) => token);
      for (const token of arrived) mustKeep.set(token, cycle);
      perCycle.push(`${arrived.length}`);
      expect(arrived.length).toBeGreaterThan(50);

      server = await start({ dataDir });
    }
    const reader = connectYjs(server.url, workshop.id, workshop.facilitatorToken);
    await synced(reader.provider);
    const kept = tokensIn(reader.doc);
    verify(kept);
    reader.destroy();
    console.log(
      `[durability:${driver}] ${CYCLES} kill -9 cycles: sent ${sent}, arrived >100 ms before a kill ${mustKeep.size} ` +
        `(per cycle ${perCycle.join(', ')}), kept at the end ${kept.size}, lost ${lost.size}`,
    );
    expect([...lost].map((token) => `${token} (before kill ${mustKeep.get(token)})`)).toEqual([]);
  }, 120_000);

  it('unloads an idle document and serves it again from storage', async () => {
    database = await databaseFor(driver);
    const server = await start({ dataDir: tempDataDir(), env: { DOC_IDLE_UNLOAD_MS: '200' } });
    const workshop = await createWorkshop(server.url);
    const ann = await joinWorkshop(server.url, workshop, 'Ann');
    const a = connectYjs(server.url, workshop.id, ann.participantToken);
    await synced(a.provider);
    const author = { id: ann.participantId, name: 'Ann' };
    addNote(a.doc, { id: 'kept', wall: 'awesome', text: 'yes', author, now: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 100));
    a.destroy();
    await server.waitForLog((l) => l.event === 'doc.unloaded' && l.docName === workshop.id, 5_000);
    const b = connectYjs(server.url, workshop.id, workshop.facilitatorToken);
    await synced(b.provider);
    expect(noteText(b.doc, 'kept')?.toString()).toBe('yes');
    b.destroy();
  });
});

describe('PGlite data folder', () => {
  it('a second process on the same folder refuses to start with a clear message', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    try {
      const second = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      second.stdout.on('data', (c: Buffer) => (output += c));
      second.stderr.on('data', (c: Buffer) => (output += c));
      const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
      expect(code).not.toBe(0);
      expect(output).toContain('is in use by another Firedrill process');
      // The first server is unharmed.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      await first.stop();
    }
    // A folder left locked by a killed process is taken over at once.
    const crashed = await startServer({ dataDir });
    await crashed.kill();
    const again = await startServer({ dataDir });
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    await again.stop();
  }, 120_000);
});

describe('socket.io', () => {
  it('admits a valid token, refuses others, and answers clock pings with server time', async () => {
    const server = await startServer();
    try {
      const workshop = await createWorkshop(server.url);
      const good = connectSocket(server.url, workshop.id, workshop.facilitatorToken);
      const ready = await new Promise<{ role: string }>((resolve) => good.on('session:ready', resolve));
      expect(ready.role).toBe('facilitator');
      const before = Date.now();
      const pong = await good.emitWithAck('clock:ping');
      expect(Math.abs(pong.serverNow - before)).toBeLessThan(1_000);
      good.disconnect();

      const bad = connectSocket(server.url, workshop.id, 'wrong');
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) =>
        bad.on('connect_error', resolve),
      );
      expect(error.message).toBe('This link is not valid for this workshop.');
      expect(error.data?.code).toBe('UNAUTHORIZED');
      bad.disconnect();
      await eventually(() => expect(server.logs.some((l) => l.event === 'socket.refused')).toBe(true));
    } finally {
      await server.stop();
    }
  });
});

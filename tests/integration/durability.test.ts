import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSocket, connectYjs, createWorkshop, eventually, synced } from '../helpers/clients';
import { databaseFor, drivers, type TestDatabase } from '../helpers/databases';
import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process';

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

  it('keeps every update that arrived more than 100 ms before kill -9', async () => {
    database = await databaseFor(driver);
    const dataDir = tempDataDir();
    const first = await start({ dataDir });
    const workshop = await createWorkshop(first.url);
    const writer = connectYjs(first.url, workshop.id, workshop.facilitatorToken);
    // A second client sees each update only after the server received it, so the moment it sees
    // one bounds the moment the server had it: that is the "arrival" the promise is about.
    const observer = connectYjs(first.url, workshop.id, workshop.facilitatorToken);
    await Promise.all([synced(writer.provider), synced(observer.provider)]);
    const sent = writer.doc.getArray<number>('sent');
    const seenAt = new Map<number, number>();
    observer.doc.getArray<number>('sent').observe((event) => {
      const now = Date.now();
      for (const item of event.changes.added)
        for (const n of item.content.getContent() as number[]) seenAt.set(n, now);
    });
    let i = 0;
    const ticker = setInterval(() => sent.push([i++]), 5);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const killedAt = Date.now();
    first.process.kill('SIGKILL');
    clearInterval(ticker);
    await first.kill();
    writer.destroy();
    observer.destroy();

    const second = await start({ dataDir });
    const reader = connectYjs(second.url, workshop.id, workshop.facilitatorToken);
    await synced(reader.provider);
    const kept = new Set(reader.doc.getArray<number>('sent').toArray());
    const mustKeep = [...seenAt].filter(([, at]) => at < killedAt - 100).map(([n]) => n);
    const lost = mustKeep.filter((n) => !kept.has(n));
    console.log(
      `[durability:${driver}] sent ${i}, kept ${kept.size}, arrived >100 ms before the kill ${mustKeep.length}, of those lost ${lost.length}`,
    );
    expect(mustKeep.length).toBeGreaterThan(50);
    expect(lost).toEqual([]);
    reader.destroy();
  });

  it('unloads an idle document and serves it again from storage', async () => {
    database = await databaseFor(driver);
    const server = await start({ dataDir: tempDataDir(), env: { DOC_IDLE_UNLOAD_MS: '200' } });
    const workshop = await createWorkshop(server.url);
    const a = connectYjs(server.url, workshop.id, workshop.facilitatorToken);
    await synced(a.provider);
    a.doc.getMap('m').set('kept', 'yes');
    await new Promise((resolve) => setTimeout(resolve, 100));
    a.destroy();
    await server.waitForLog((l) => l.event === 'doc.unloaded' && l.docName === workshop.id, 5_000);
    const b = connectYjs(server.url, workshop.id, workshop.facilitatorToken);
    await synced(b.provider);
    expect(b.doc.getMap('m').get('kept')).toBe('yes');
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

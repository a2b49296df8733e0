import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import { addNote, listNotes } from '../../server/model/notes';
import { connectYjs, createWorkshop, eventually, joinWorkshop, synced, whoAmI } from '../helpers/clients';
import { awarenessMessage, openRawYjs, syncStep1Message, updateMessage } from '../helpers/raw-yjs';
import { type ServerProcess, startServer } from '../helpers/server-process';

describe('Yjs endpoint', () => {
  let server: ServerProcess;
  let workshop: CreatedWorkshop;
  const cleanups: (() => void)[] = [];
  const connect = (room: string, token: string) => {
    const client = connectYjs(server.url, room, token);
    cleanups.push(client.destroy);
    return client;
  };

  beforeAll(async () => {
    server = await startServer();
    workshop = await createWorkshop(server.url);
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('syncs a post-it between two stock y-websocket clients', async () => {
    const ann = await joinWorkshop(server.url, workshop, 'Ann');
    const a = connect(workshop.id, workshop.facilitatorToken);
    const b = connect(workshop.id, ann.participantToken);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    addNote(a.doc, {
      id: 'n1',
      wall: 'crappy',
      text: 'Alarm fired late',
      author: await whoAmI(server.url, workshop.id, workshop.facilitatorToken),
      now: 1,
    });
    await eventually(() => expect(listNotes(b.doc).map((n) => n.text)).toEqual(['Alarm fired late']));
    // A latecomer gets the whole state on sync.
    const late = connect(workshop.id, ann.participantToken);
    await synced(late.provider);
    expect(listNotes(late.doc).map((n) => n.text)).toEqual(['Alarm fired late']);
  });

  it('shows presence under the name the server knows, and drops it when the client leaves', async () => {
    const bo = await joinWorkshop(server.url, workshop, 'Bo');
    const watcher = connect(workshop.id, workshop.facilitatorToken);
    const visitor = connectYjs(server.url, workshop.id, bo.participantToken);
    // The client claims to be someone else; the server overwrites `user` with the token's identity.
    visitor.provider.awareness.setLocalStateField('user', { id: 'x', name: 'The CEO', role: 'facilitator' });
    await Promise.all([synced(watcher.provider), synced(visitor.provider)]);
    const names = () =>
      [...watcher.provider.awareness.getStates().values()].map(
        (s) => (s as { user?: { name: string } }).user?.name,
      );
    await eventually(() => expect(names()).toContain('Bo'));
    expect(names()).not.toContain('The CEO');
    visitor.destroy();
    await eventually(() => expect(names()).not.toContain('Bo'));
  });

  it('refuses a connection without a valid token before loading any document', async () => {
    const other = await createWorkshop(server.url);
    for (const [path, token] of [
      [workshop.id, 'wrong'],
      [workshop.id, other.facilitatorToken],
      [workshop.id, workshop.joinToken],
      ['not%20an%20id', workshop.facilitatorToken],
    ] as const) {
      const raw = openRawYjs(server.url, path, token);
      const closed = await raw.closed;
      expect(closed.code).toBe(4401);
      expect(raw.messages).toHaveLength(0);
    }
    // Log lines reach us through the server's stdout, a moment after the close frames.
    await eventually(() =>
      expect(server.logs.filter((l) => l.event === 'yjs.refused').length).toBeGreaterThanOrEqual(4),
    );
    expect(server.logs.some((l) => l.event === 'doc.loaded' && l.docName === other.id)).toBe(false);
  });

  it('takes the token only from the first message: not from the URL, not after other messages', async () => {
    // The old way, the token in the query string, gets nothing: the first message is not a token.
    const inUrl = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/yjs/${workshop.id}?token=${workshop.facilitatorToken}`,
    );
    const inUrlMessages: unknown[] = [];
    inUrl.on('message', (m) => inUrlMessages.push(m));
    inUrl.on('open', () => inUrl.send(syncStep1Message(new Y.Doc())));
    const inUrlClosed = await new Promise<{ code: number; reason: string }>((resolve) =>
      inUrl.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(inUrlClosed).toEqual({ code: 4401, reason: 'the first message must carry the token' });
    expect(inUrlMessages).toHaveLength(0);

    // A right token as the first message, followed at once by sync step 1: both are served in order.
    const raw = openRawYjs(server.url, workshop.id, workshop.facilitatorToken);
    await raw.opened;
    raw.send(syncStep1Message(new Y.Doc()));
    await eventually(() => expect(raw.messages.length).toBeGreaterThanOrEqual(2));
    expect(raw.messages[0]![0]).toBe(0); // a sync message: the document, answered to the held step 1
    raw.ws.close();

    // A socket that never says who it is is refused after a while, having been sent nothing.
    const silent = openRawYjs(server.url, workshop.id, null);
    const silentClosed = await silent.closed;
    expect(silentClosed).toEqual({ code: 4401, reason: 'no token sent' });
    expect(silent.messages).toHaveLength(0);
  }, 20_000);

  it('closes a connection that sends a malformed message, and keeps serving everyone else', async () => {
    const a = connect(workshop.id, workshop.facilitatorToken);
    await synced(a.provider);
    const garbage = [
      new Uint8Array([0, 2, 200, 1, 2, 3]), // update with a truncated payload
      new Uint8Array([0, 2, 5, 255, 255, 255, 255, 255]), // update whose bytes are not an update
      new Uint8Array([9]), // unknown message type
      new Uint8Array([1, 3, 1, 1, 1]), // awareness with a broken state
    ];
    for (const bytes of garbage) {
      const raw = openRawYjs(server.url, workshop.id, workshop.facilitatorToken);
      await raw.opened;
      raw.send(bytes);
      expect((await raw.closed).code).toBe(4400);
    }
    addNote(a.doc, {
      id: 'after-garbage',
      wall: 'awesome',
      text: 'still here',
      author: await whoAmI(server.url, workshop.id, workshop.facilitatorToken),
      now: 2,
    });
    const b = connect(workshop.id, workshop.facilitatorToken);
    await synced(b.provider);
    await eventually(() => expect(listNotes(b.doc).some((n) => n.id === 'after-garbage')).toBe(true));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('closes a connection whose message exceeds 1 MiB and applies none of it', async () => {
    const raw = openRawYjs(server.url, workshop.id, workshop.facilitatorToken);
    await raw.opened;
    const big = new Y.Doc();
    big.getMap('notes').set('huge', 'x'.repeat(1_100_000));
    raw.send(updateMessage(Y.encodeStateAsUpdate(big)));
    expect((await raw.closed).code).toBe(1009);
    const check = connect(workshop.id, workshop.facilitatorToken);
    await synced(check.provider);
    expect(check.doc.getMap('notes').has('huge')).toBe(false);
  });

  it('closes a connection that sends more than its byte budget, and keeps what came before', async () => {
    const raw = openRawYjs(server.url, workshop.id, workshop.facilitatorToken);
    await raw.opened;
    const before = new Y.Doc();
    addNote(before, {
      id: 'before-flood',
      wall: 'crappy',
      text: 'sent before the flood',
      author: await whoAmI(server.url, workshop.id, workshop.facilitatorToken),
      now: 1,
    });
    raw.send(updateMessage(Y.encodeStateAsUpdate(before)));
    // 16 × 900 kB of presence at once: over any refill a slow, loaded server could grant while it
    // works through them (every message counts against the budget, whatever it carries).
    for (let i = 0; i < 16; i++) raw.send(awarenessMessage(4242, i + 1, { blob: 'x'.repeat(900_000) }));
    expect((await raw.closed).code).toBe(4429);
    const check = connect(workshop.id, workshop.facilitatorToken);
    await synced(check.provider);
    expect(listNotes(check.doc).map((n) => n.id)).toContain('before-flood');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('does not let one client remove or rename another client in awareness', async () => {
    const cy = await joinWorkshop(server.url, workshop, 'Cy');
    const cyClient = connect(workshop.id, cy.participantToken);
    const watcher = connect(workshop.id, workshop.facilitatorToken);
    // As the browser does: a first local change (clock 1) that the server accepts.
    cyClient.provider.awareness.setLocalStateField('online', true);
    await Promise.all([synced(cyClient.provider), synced(watcher.provider)]);
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().has(cyClient.doc.clientID)).toBe(true),
    );
    const intruder = await joinWorkshop(server.url, workshop, 'Intruder');
    const raw = openRawYjs(server.url, workshop.id, intruder.participantToken);
    await raw.opened;
    raw.send(awarenessMessage(cyClient.doc.clientID, 10_000, null));
    raw.send(awarenessMessage(cyClient.doc.clientID, 10_001, { user: { name: 'Hacked' } }));
    raw.send(awarenessMessage(4242, 1, { online: true }));
    await eventually(() => expect(watcher.provider.awareness.getStates().has(4242)).toBe(true));
    const cyState = watcher.provider.awareness.getStates().get(cyClient.doc.clientID) as {
      user: { name: string };
    };
    expect(cyState.user.name).toBe('Cy');
    raw.ws.close();
  });
});

/**
 * A PostgreSQL outage under one Firedrill process (no Redis): the test starts a PostgreSQL cluster
 * of its own (tests/helpers/private-postgres.ts), stops it for OUTAGE_MS (30 s by default) while a
 * facilitator and two participants go on working, starts it again and checks that everything done
 * meanwhile reaches the database in order and survives a restart. The shared server of
 * TEST_DATABASE_URL is never touched.
 */
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import { addNote, listNotes } from '../../server/model/notes';
import { currentTurn, type WorkshopState } from '../../server/model/state';
import { readState } from '../../server/model/state-doc';
import { createWorkshop, eventually, joinWorkshop } from '../helpers/clients';
import { numberedCards } from '../helpers/deck';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-postgres';
import { openRawYjs } from '../helpers/raw-yjs';
import {
  type Cleanups,
  commander,
  openDoc,
  readStoredDoc,
  readStoredUpdates,
  watchState,
} from '../helpers/room-clients';
import { type ServerProcess, startServer } from '../helpers/server-process';

const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 30_000);
const NOTE_EVERY_MS = 350;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const scenarios = numberedCards(6);

/** JSON with sorted keys, so two copies of one state compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Every state the stored document went through, row by row in log order (snapshot first). */
async function storedStateHistory(databaseUrl: string, docName: string): Promise<WorkshopState[]> {
  const doc = new Y.Doc();
  const history: WorkshopState[] = [];
  for (const update of await readStoredUpdates(databaseUrl, docName)) {
    Y.applyUpdate(doc, update);
    const state = readState(doc);
    if (state) history.push(state);
  }
  doc.destroy();
  return history;
}

/** The state without what a restart changes by itself (the facilitator is away until they reconnect). */
const settled = (state: WorkshopState) => canonical({ ...state, facilitatorAwaySince: null });

describe('a PostgreSQL outage under one process', () => {
  let pg: PrivatePostgres | undefined;
  const servers: ServerProcess[] = [];
  const cleanups: Cleanups = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const server of servers.splice(0)) await server.kill();
    await pg?.destroy();
  });

  it(`the room keeps working through ${OUTAGE_MS / 1000} s without the database, and nothing is lost`, async () => {
    pg = await startPrivatePostgres();
    const database = pg;
    const start = async () => {
      const server = await startServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'info' } });
      servers.push(server);
      return server;
    };
    const server = await start();
    onTestFailed(() => {
      const lines = servers
        .flatMap((s) => s.logs)
        .filter((l) => l.level !== 20 && l.event !== 'yjs.connected');
      console.log(
        `[database-outage] server log (warnings, errors, commands):\n${lines.map((l) => JSON.stringify(l).slice(0, 600)).join('\n')}`,
      );
    });
    const workshop: CreatedWorkshop = await createWorkshop(server.url, { scenarios, durationMinutes: 45 });
    const [ann, bob] = await Promise.all([
      joinWorkshop(server.url, workshop, 'Ann'),
      joinWorkshop(server.url, workshop, 'Bob'),
    ]);
    // Everyone as in the browser: the walls, the state and a socket.io connection for commands.
    const connect = async (name: string, token: string) => ({
      name,
      walls: await openDoc(server.url, workshop.id, token, cleanups),
      state: await watchState(server.url, workshop, token, cleanups),
      commands: await commander(server.url, workshop, token, cleanups),
    });
    type Person = Awaited<ReturnType<typeof connect>>;
    const facilitator = await connect('Facilitator', workshop.facilitatorToken);
    const annClient = await connect('Ann', ann.participantToken);
    const bobClient = await connect('Bob', bob.participantToken);
    const everyone = [facilitator, annClient, bobClient];
    /** Runs `check` for every client (inside `eventually`, until it passes for all). */
    const forEveryone = (check: (person: Person) => void) => () => {
      for (const person of everyone) check(person);
    };
    const annId = ann.participantId;
    const bobId = bob.participantId;
    await eventually(forEveryone((p) => expect(p.state()?.facilitatorAwaySince).toBeNull()));
    // No command before the outage: what commands need must already be in memory from the connections.

    // --- The outage ------------------------------------------------------------------------------
    await database.stop('fast');
    const outageStartedAt = Date.now();
    const written: { id: string; text: string; by: string }[] = [];
    const writers = [annClient, bobClient].map((person) => {
      const author = { id: person.commands.participantId, name: person.name };
      let n = 0;
      const write = () => {
        const id = `${person.name.toLowerCase()}-${++n}`;
        const text = `${person.name} during the outage #${n}`;
        addNote(person.walls.doc, { id, wall: n % 2 ? 'crappy' : 'awesome', text, author, now: Date.now() });
        written.push({ id, text, by: person.name });
      };
      write();
      const ticker = setInterval(write, NOTE_EVERY_MS);
      cleanups.push(() => clearInterval(ticker));
      return ticker;
    });

    type Step = {
      by: Person;
      name: Parameters<Person['commands']['send']>[0];
      payload: unknown;
      sees: (state: WorkshopState, before: WorkshopState) => boolean;
    };
    const steps: Step[] = [
      {
        by: facilitator,
        name: 'phase:set',
        payload: { phase: 'draw' },
        sees: (s) => s.phase === 'draw' && s.hat.length === 6,
      },
      { by: facilitator, name: 'timer:start', payload: {}, sees: (s) => s.timer.status === 'running' },
      {
        by: facilitator,
        name: 'hat:draw',
        payload: { participantId: annId },
        sees: (s) => s.draws.some((d) => d.participantId === annId),
      },
      {
        by: bobClient,
        name: 'hat:draw',
        payload: {},
        sees: (s) => s.draws.some((d) => d.participantId === bobId),
      },
      {
        by: facilitator,
        name: 'scribe:assign',
        payload: { participantId: bobId },
        sees: (s) => s.scribeId === bobId,
      },
      {
        by: facilitator,
        name: 'turn:start',
        payload: { participantId: annId },
        sees: (s) => s.phase === 'investigate' && currentTurn(s)?.participantId === annId,
      },
      {
        by: annClient,
        name: 'evidence:reveal',
        payload: { index: 1 },
        sees: (s) => currentTurn(s)?.reveals.length === 1,
      },
      { by: facilitator, name: 'timer:pause', payload: {}, sees: (s) => s.timer.status === 'paused' },
      { by: facilitator, name: 'timer:resume', payload: {}, sees: (s) => s.timer.status === 'running' },
      {
        by: facilitator,
        name: 'turn:pass',
        payload: {},
        sees: (s) => currentTurn(s)?.participantId === bobId,
      },
      {
        by: facilitator,
        name: 'timer:adjust',
        payload: { minutes: 5 },
        sees: (s, before) => s.timer.durationMs === before.timer.durationMs + 5 * 60_000,
      },
      {
        by: facilitator,
        name: 'timer:timebox',
        payload: { minutes: 7 },
        sees: (s) => s.turnTimeboxMs === 7 * 60_000,
      },
    ];
    // Spread over the outage, each acknowledged ok and seen by every client before the next.
    const seen: WorkshopState[] = [];
    const latencies: number[] = [];
    const stepEveryMs = (OUTAGE_MS - 4_000) / (steps.length + 1);
    for (const [index, step] of steps.entries()) {
      await sleep(Math.max(0, outageStartedAt + (index + 1) * stepEveryMs - Date.now()));
      const before = annClient.state();
      const sentAt = Date.now();
      const ack: Ack<unknown> = await step.by.commands.send(step.name, step.payload as never);
      latencies.push(Date.now() - sentAt);
      expect({ command: step.name, ack }).toMatchObject({ command: step.name, ack: { ok: true } });
      await eventually(
        forEveryone((p) =>
          expect({
            step: step.name,
            who: p.name,
            sees: step.sees(p.state(), before),
            state: p.state(),
          }).toMatchObject({
            sees: true,
          }),
        ),
        5_000,
      );
      seen.push(annClient.state());
    }
    // A command that has to write a table cannot go on from memory: a clear refusal, nothing changed.
    const beforeAddCard = canonical(facilitator.state());
    const addCardSentAt = Date.now();
    const addCard = await facilitator.commands.send('hat:add-card', {
      title: 'Written on the spot',
      summary: '',
      evidence: [],
    });
    const addCardMs = Date.now() - addCardSentAt;
    expect(addCard).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/database/i) },
    });
    // Someone whose connection drops during the outage gets back in (the server remembers their
    // link), instead of being told their link is wrong; a link it never saw is asked to retry.
    const rejoined = await openDoc(server.url, workshop.id, ann.participantToken, cleanups);
    await eventually(() => expect(listNotes(rejoined.doc).length).toBeGreaterThan(0));
    const stranger = openRawYjs(server.url, workshop.id, 'a-token-this-server-never-saw');
    expect((await stranger.closed).code).toBe(1013);
    // The load balancer is told: not ready while the database is away.
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready', reason: 'dependencies' });
    await sleep(Math.max(0, outageStartedAt + OUTAGE_MS - Date.now()));
    for (const writer of writers) clearInterval(writer);
    const outageMs = Date.now() - outageStartedAt;
    expect(canonical(facilitator.state())).toBe(beforeAddCard);

    // Both participants' post-its reached each other (and the facilitator) while the database was away.
    const ids = written.map((w) => w.id).sort();
    const noteIds = (doc: Y.Doc) =>
      listNotes(doc)
        .map((n) => n.id)
        .sort();
    await eventually(forEveryone((p) => expect(noteIds(p.walls.doc)).toEqual(ids)));
    expect(server.logs.filter((l) => l.event === 'command.from_memory')).toHaveLength(1);
    expect(server.logs.some((l) => l.event === 'persistence.write_failed')).toBe(true);
    expect(server.logs.filter((l) => l.event === 'command.failed')).toEqual([]);

    // --- The database returns: the queue drains, in order --------------------------------------------
    await database.start();
    const backAt = Date.now();
    await eventually(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200), 20_000);
    const finalState = facilitator.state();
    await eventually(
      async () => {
        const walls = await readStoredDoc(database.url, workshop.id);
        expect(
          listNotes(walls)
            .map((n) => n.id)
            .sort(),
        ).toEqual(ids);
        walls.destroy();
        const state = await readStoredDoc(database.url, `${workshop.id}/state`);
        expect(canonical(readState(state))).toBe(canonical(finalState));
        state.destroy();
      },
      // The driver backs off reconnecting (up to 20 s) and the store retries every 5 s at most.
      45_000,
      100,
    );
    const drainMs = Date.now() - backAt;
    // Every state the clients saw after each command is one the log went through, in the same order.
    const history = (await storedStateHistory(database.url, `${workshop.id}/state`)).map(canonical);
    let at = -1;
    for (const [index, state] of seen.entries()) {
      const found = history.indexOf(canonical(state), at + 1);
      expect({ step: steps[index]!.name, found: found > at }).toEqual({
        step: steps[index]!.name,
        found: true,
      });
      at = found;
    }
    // Commands read from the database again.
    expect((await facilitator.commands.send('timer:timebox', { minutes: 8 })).ok).toBe(true);
    await eventually(
      () => expect(server.logs.some((l) => l.event === 'command.from_database')).toBe(true),
      30_000,
    );
    await eventually(forEveryone((p) => expect(p.state().turnTimeboxMs).toBe(8 * 60_000)));
    const lastState = facilitator.state();

    // --- A restart on the same database: everything is there ------------------------------------------
    for (const cleanup of cleanups.splice(0)) cleanup();
    expect(await server.stop()).toBe(0);
    const again = await start();
    const fresh: Cleanups = [];
    cleanups.push(() => {
      for (const cleanup of fresh) cleanup();
    });
    const walls = await openDoc(again.url, workshop.id, ann.participantToken, fresh);
    const state = await watchState(again.url, workshop, ann.participantToken, fresh);
    const notes = listNotes(walls.doc);
    expect(notes.map((n) => n.id).sort()).toEqual(ids);
    for (const w of written) expect(notes.find((n) => n.id === w.id)?.text).toBe(w.text);
    const restored = state();
    expect(restored.phase).toBe('investigate');
    expect(restored.timer.status).toBe('running');
    expect(restored.draws.map((d) => d.participantId)).toEqual([annId, bobId]);
    expect(currentTurn(restored)?.participantId).toBe(bobId);
    expect(settled(restored)).toBe(settled(lastState));
    // And commands go on after the restart.
    const after = await commander(again.url, workshop, workshop.facilitatorToken, fresh);
    expect((await after.send('timer:pause', {})).ok).toBe(true);

    console.log(
      `[database-outage] outage ${(outageMs / 1000).toFixed(1)} s: ${written.length} post-its ` +
        `(${written.filter((w) => w.by === 'Ann').length} Ann, ${written.filter((w) => w.by === 'Bob').length} Bob) ` +
        `and ${steps.length} commands ok (acks ${Math.min(...latencies)}–${Math.max(...latencies)} ms), ` +
        `1 table-writing command refused (${addCard.ok ? '' : addCard.error.code}, ${addCardMs} ms); ` +
        `queue drained ${drainMs} ms after the database was back; ` +
        `${history.length} state changes in the log; restart kept ${notes.length} post-its and the state`,
    );
  }, 180_000);
});

/**
 * A bounded, seeded fuzz run against one real server: at least 20,000 generated inputs split across
 * the Yjs endpoint (garbled bytes, random sync and awareness messages, random updates built from
 * random operations on the walls, log and state documents), every socket.io command (random payloads
 * from participants and the facilitator) and every HTTP route under app/api (random methods, params,
 * tokens, bodies). The server must never exit, /healthz must stay 200, no answer may be a 5xx (or an
 * INTERNAL ack), invalid input must change nothing of the fuzzed workshop and team, and the server's
 * memory must come back near where it was after the warm-up.
 *
 * Replay with FUZZ_SEED=<seed printed below>; FUZZ_INPUTS sets the total (default 21,000). The seed
 * fixes every generated input; what the Yjs updates contain also depends on the document when they
 * are built, so a replay is faithful for the HTTP and socket.io parts and close for the Yjs part.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type ClientToServerEvents,
  type CommandName,
  commandNames,
  commandSchemas,
  type ServerToClientEvents,
} from '../../server/contract/commands';
import { type Ack, CloseCode, ErrorCode } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { CreatedTeam } from '../../server/contract/team';
import { addNote, listNotes } from '../../server/model/notes';
import { addLogEntry, listLogEntries } from '../../server/model/scribe-log';
import { readState } from '../../server/model/state-doc';
import {
  connectSocket,
  connectYjs,
  createWorkshop,
  eventually,
  joinWorkshop,
  synced,
  whoAmI,
} from '../helpers/clients';
import { createPostgresDatabase, type TestDatabase } from '../helpers/databases';
import { docShape } from '../helpers/doc-shape';
import { buildRequest, findRoutes, type HttpInput, httpInput, type Universe } from '../helpers/fuzz-http';
import {
  buildMessage,
  FuzzLane,
  type Identity,
  readMessage,
  type YjsInput,
  yjsInput,
} from '../helpers/fuzz-yjs';
import { connectInspector } from '../helpers/inspector';
import { type ServerProcess, startServer } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const TOTAL = Number(process.env.FUZZ_INPUTS ?? 12_000);
/** FUZZ_ONLY=yjs|socket|http sends every input to one target (to tell which one a problem comes from). */
const ONLY = process.env.FUZZ_ONLY;
const SHARE = ONLY
  ? { yjs: ONLY === 'yjs' ? 1 : 0, socket: ONLY === 'socket' ? 1 : 0, http: ONLY === 'http' ? 1 : 0 }
  : { yjs: 0.26, socket: 0.5, http: 0.24 };
/** Each person's commands are paced under the command budget (10/s): more people, more commands per second. */
const PARTICIPANTS = 30;
const WARM_UP_INPUTS = Number(process.env.FUZZ_WARM_UP ?? 620);
const WARM_UP = {
  yjs: Math.round(WARM_UP_INPUTS * 0.48),
  socket: Math.round(WARM_UP_INPUTS * 0.2),
  http: Math.round(WARM_UP_INPUTS * 0.32),
};
const MAX_RSS_GROWTH = 64 * 1024 * 1024;
const IDLE_SECONDS = Number(process.env.FUZZ_IDLE_SECONDS ?? 3);

type Sock = Socket<ServerToClientEvents, ClientToServerEvents>;
type Count = { sent: number; refused: number; accepted: number; other: number };
const count = (): Count => ({ sent: 0, refused: 0, accepted: 0, other: 0 });

/** What is odd about a URL's path, to group failures. */
function pathKind(url: string): string {
  const segments = new URL(url).pathname.split('/');
  const decoded = segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  });
  if (decoded.includes(undefined)) return 'malformed %-encoding in the path';
  if (decoded.some((segment) => segment?.includes('\u0000'))) return 'NUL (%00) in the path';
  return 'ordinary path';
}

/** What is odd about a request body, to group failures. */
function bodyKind(body: unknown): string {
  return typeof body === 'string' && body.includes('\\u0000') ? 'NUL in the body' : 'no NUL in the body';
}

/** CPU seconds a process has used, from /proc. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb * 1024;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs `work` over `items` with `lanes` workers, each item given to the lane its key picks. */
async function inLanes<T>(
  items: T[],
  lanes: number,
  laneOf: (item: T, i: number) => number,
  work: (lane: number, item: T) => Promise<void>,
) {
  const queues: T[][] = Array.from({ length: lanes }, () => []);
  items.forEach((item, i) => {
    queues[laneOf(item, i) % lanes]!.push(item);
  });
  await Promise.all(
    queues.map(async (queue, lane) => {
      for (const item of queue) await work(lane, item);
    }),
  );
}

describe('fuzz', () => {
  let server: ServerProcess;
  let database: TestDatabase | undefined;
  const cleanups: (() => void)[] = [];
  /** Failures grouped by kind, each with how often it happened and its first example. */
  const failures = new Map<string, { count: number; example: string }>();
  const fail = (kind: string, example: string) => {
    const seen = failures.get(kind);
    if (seen) seen.count++;
    else failures.set(kind, { count: 1, example });
  };

  beforeAll(async () => {
    // PostgreSQL when there is one (the database then lives outside the server process, whose memory
    // is measured), else PGlite.
    database = process.env.TEST_DATABASE_URL ? await createPostgresDatabase() : undefined;
    // With an inspector on a free port, so the test can run full garbage collections before reading the
    // server's memory: otherwise RSS shows heap V8 has not given back yet (it does at its next full GC).
    server = await startServer({
      databaseUrl: database?.url,
      env: { LOG_LEVEL: 'info', NODE_OPTIONS: '--inspect=127.0.0.1:0' },
    });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // y-websocket throws on destroy when Yjs changed the doc's client id under it (a forged one came in)
      }
    }
    await server?.stop();
    await database?.drop();
  });

  it(`${TOTAL} generated inputs: no crash, no 5xx, no change from invalid input, memory back near its start`, async () => {
    const started = performance.now();
    console.log(
      `[fuzz] seed ${SEED} (FUZZ_SEED=${SEED} to replay), ${TOTAL} inputs, on ${database ? 'PostgreSQL' : 'PGlite'}`,
    );
    const { url } = server;
    const pid = server.process.pid!;
    let exited: string | undefined;
    server.process.once('exit', (code, signal) => {
      exited = `server exited with ${code ?? signal}`;
    });

    // ------------------------------------------------------------------------------------------
    // The fuzzed team and workshop (snapshotted), and a playground for what may be accepted
    // ------------------------------------------------------------------------------------------
    const team: CreatedTeam = await createTeam(url, 'Fuzzed team');
    const other: CreatedTeam = await createTeam(url, 'Playground team');
    const admin = teamApi(url, team.id, team.adminToken);
    const otherAdmin = teamApi(url, other.id, other.adminToken);
    const card = (title: string) => ({
      title,
      summary: 'Something broke',
      tags: ['db'],
      severity: 'high',
      happenedOn: '2026-01-02',
      evidence: [{ kind: 'alert', label: 'Pager', body: 'p99 > 2 s' }],
    });
    const cards: string[] = [];
    for (const title of ['Disk full', 'DNS'])
      cards.push((await admin.post<{ id: string }>('/cards', card(title))).body.id);
    const otherCards: string[] = [];
    for (const title of ['Queue stuck', 'Cert expired'])
      otherCards.push((await otherAdmin.post<{ id: string }>('/cards', card(title))).body.id);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const image = (await admin.post<{ id: string }>('/images', png, 'image/png')).body.id;
    const otherImage = (await otherAdmin.post<{ id: string }>('/images', png, 'image/png')).body.id;

    // An ended workshop of the team with one action, so the tracker and the next workshop's review have one.
    const first = (
      await admin.post<CreatedWorkshop>('/workshops', { title: 'Earlier drill', cardIds: [cards[0]] })
    ).body;
    const firstFacilitator = await whoAmI(url, first.id, first.facilitatorToken);
    const firstWalls = connectYjs(url, first.id, first.facilitatorToken);
    cleanups.push(firstWalls.destroy);
    await synced(firstWalls.provider);
    addNote(firstWalls.doc, {
      id: 'a1',
      wall: 'actions',
      text: 'Add a disk alert',
      author: firstFacilitator,
      now: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ender = await connectedSocket(first, first.facilitatorToken);
    expect(await ack(ender, 'workshop:end', {})).toMatchObject({ ok: true });
    ender.disconnect();
    const actions = await eventually(async () => {
      const list = (await admin.get<{ id: string }[]>('/actions')).body;
      expect(list.length).toBe(1);
      return list;
    });

    const workshop = (
      await admin.post<CreatedWorkshop>('/workshops', { title: 'Fuzzed drill', cardIds: cards })
    ).body;
    const participants: { token: string; id: string; name: string }[] = [];
    for (let i = 0; i < PARTICIPANTS; i++) {
      const joined = await joinWorkshop(url, workshop, `Person ${i}`);
      participants.push({
        token: joined.participantToken,
        ...(await whoAmI(url, workshop.id, joined.participantToken)),
      });
    }
    const facilitator = {
      token: workshop.facilitatorToken,
      ...(await whoAmI(url, workshop.id, workshop.facilitatorToken)),
    };
    const playground = await createWorkshop(url, {
      title: 'Playground',
      scenarios: [{ title: 'P1', summary: 's', evidence: [{ kind: 'log', label: 'l', body: 'b' }] }],
    });
    const playgroundPeople: { token: string; id: string }[] = [
      {
        token: playground.facilitatorToken,
        id: (await whoAmI(url, playground.id, playground.facilitatorToken)).id,
      },
    ];
    for (let i = 0; i < 5; i++) {
      const joined = await joinWorkshop(url, playground, `Player ${i}`);
      playgroundPeople.push({
        token: joined.participantToken,
        id: (await whoAmI(url, playground.id, joined.participantToken)).id,
      });
    }
    const endedPlayground = await createWorkshop(url, { title: 'Ended playground' });
    const endedSocket = await connectedSocket(endedPlayground, endedPlayground.facilitatorToken);
    expect(await ack(endedSocket, 'workshop:end', {})).toMatchObject({ ok: true });
    endedSocket.disconnect();

    // Some content on the fuzzed workshop's walls and log, and readers of its three documents.
    const walls = connectYjs(url, workshop.id, workshop.facilitatorToken);
    const log = connectYjs(url, `${workshop.id}/log`, workshop.facilitatorToken);
    const state = connectYjs(url, `${workshop.id}/state`, participants[0]!.token);
    cleanups.push(walls.destroy, log.destroy, state.destroy);
    await Promise.all([synced(walls.provider), synced(log.provider), synced(state.provider)]);
    const annWalls = connectYjs(url, workshop.id, participants[0]!.token);
    cleanups.push(annWalls.destroy);
    await synced(annWalls.provider);
    for (let i = 0; i < 3; i++)
      addNote(walls.doc, {
        id: `f${i}`,
        wall: i === 2 ? 'actions' : 'crappy',
        text: `facilitator ${i}`,
        author: facilitator,
        now: i,
      });
    addNote(annWalls.doc, {
      id: 'p0',
      wall: 'awesome',
      text: 'participant note',
      author: participants[0]!,
      now: 5,
    });
    for (let i = 0; i < 2; i++)
      addLogEntry(log.doc, {
        id: `e${i}`,
        turnId: 'turn-1',
        text: `step ${i}`,
        atMs: i * 1000,
        author: facilitator,
      });
    await eventually(() => expect(listNotes(annWalls.doc).length).toBe(4));
    annWalls.destroy();

    // The facilitator stays connected on one socket that sends nothing, so presence never moves the state.
    const anchor = await connectedSocket(workshop, workshop.facilitatorToken);
    cleanups.push(() => anchor.disconnect());

    const routes = findRoutes(path.join(process.cwd(), 'app/api'));
    expect(routes.length).toBeGreaterThanOrEqual(17);
    const snapshotUniverse: Universe = {
      teams: [team.id, other.id],
      workshops: [workshop.id, first.id, playground.id],
      cards: [...cards, otherCards[0]!],
      actions: [actions[0]!.id, 'no-such-action'],
      images: [image, otherImage],
      tokens: [
        team.adminToken,
        team.memberToken,
        workshop.facilitatorToken,
        participants[1]!.token,
        workshop.joinToken,
        first.facilitatorToken,
        other.adminToken,
        'garbage',
      ],
      joinTokens: [workshop.joinToken, first.joinToken, playground.joinToken, 'bad'],
    };
    const playgroundUniverse: Universe = {
      teams: [other.id],
      workshops: [playground.id, endedPlayground.id],
      cards: otherCards,
      actions: ['no-such-action', 'nope'],
      images: [otherImage],
      tokens: [
        other.adminToken,
        other.memberToken,
        playground.facilitatorToken,
        playgroundPeople[1]!.token,
        playground.joinToken,
        endedPlayground.facilitatorToken,
        team.memberToken,
        'garbage',
      ],
      joinTokens: [playground.joinToken, endedPlayground.joinToken, 'bad'],
    };

    /** What invalid input must not change: the fuzzed workshop's documents and the team's API reads. */
    const snapshot = async () => {
      const fresh = await Promise.all(
        [
          [workshop.id, workshop.facilitatorToken],
          [`${workshop.id}/log`, workshop.facilitatorToken],
          [`${workshop.id}/state`, participants[2]!.token],
        ].map(async ([room, token]) => {
          const client = connectYjs(url, room!, token!);
          await synced(client.provider);
          const shape = docShape(client.doc);
          const extra =
            room === workshop.id
              ? { live: listNotes(client.doc), deleted: listNotes(client.doc, { deleted: true }) }
              : room!.endsWith('/log')
                ? {
                    live: listLogEntries(client.doc),
                    deleted: listLogEntries(client.doc, undefined, { deleted: true }),
                  }
                : { state: readState(client.doc) };
          try {
            client.destroy();
          } catch {
            // see afterAll
          }
          return { shape, ...extra };
        }),
      );
      const read = async (p: string, token: string) => {
        const response = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: response.status, body: await response.text() };
      };
      const api: Record<string, unknown> = {};
      for (const p of [
        '',
        '/cards',
        '/cards?archived=1',
        '/workshops',
        '/actions',
        '/survey',
        '/library?format=json',
        '/suggestions',
      ])
        api[`team${p}`] = await read(`/api/teams/${team.id}${p}`, team.adminToken);
      api.workshop = await read(`/api/workshops/${workshop.id}`, workshop.facilitatorToken);
      api.earlier = await read(`/api/workshops/${first.id}/summary`, first.facilitatorToken);
      return { walls: fresh[0]!, log: fresh[1]!, state: fresh[2]!, api };
    };

    // ------------------------------------------------------------------------------------------
    // Yjs endpoint
    // ------------------------------------------------------------------------------------------
    const wallsModel = new Y.Doc();
    Y.applyUpdate(wallsModel, Y.encodeStateAsUpdate(walls.doc));
    const logModel = new Y.Doc();
    Y.applyUpdate(logModel, Y.encodeStateAsUpdate(log.doc));
    const stateModel = new Y.Doc();
    Y.applyUpdate(stateModel, Y.encodeStateAsUpdate(state.doc));
    const everyone = [facilitator, ...participants];
    const identity = (me: { id: string; name: string }): Identity => ({
      me: { id: me.id, name: me.name },
      others: everyone.filter((p) => p.id !== me.id).slice(0, 3),
    });
    const lane = (
      room: string,
      person: { id: string; name: string; token: string },
      model: Y.Doc,
      applies: boolean,
    ) => ({
      lane: new FuzzLane(url, room, person.token),
      model,
      applies,
      who: identity(person),
    });
    // Three connections of each kind, so the reconnections after refusals overlap.
    const yjsLanes = [0, 1, 2].flatMap(() => [
      lane(workshop.id, facilitator, wallsModel, true),
      lane(workshop.id, participants[0]!, wallsModel, true),
      lane(workshop.id, participants[1]!, wallsModel, true),
      lane(`${workshop.id}/log`, facilitator, logModel, true),
      // Not the scribe: its writes to the log are dropped without a word.
      lane(`${workshop.id}/log`, participants[2]!, logModel, false),
      lane(`${workshop.id}/state`, participants[3]!, stateModel, false),
      lane(`${workshop.id}/state`, facilitator, stateModel, false),
    ]);
    cleanups.push(() => {
      for (const { lane } of yjsLanes) lane.close();
    });
    const yjsCounts: Record<string, Count> = {};
    const closeCodes: Record<string, number> = {};
    const runYjs = async (inputs: { input: YjsInput; lane: number }[]) => {
      await inLanes(
        inputs,
        yjsLanes.length,
        (item) => item.lane,
        async (_laneIndex, { input, lane: index }) => {
          const { lane, model, applies, who } = yjsLanes[index % yjsLanes.length]!;
          const key = `${lane.path.replace(workshop.id, '<id>')} as ${who.me.name}`;
          yjsCounts[key] ??= count();
          const counts = yjsCounts[key]!;
          const message = buildMessage(input, model, who);
          counts.sent++;
          const fate = await lane.send(message, Y.encodeStateVector(model));
          if (fate.kept) {
            counts.accepted++;
            const { update } = readMessage(message);
            // An update that builds on content nobody sent is held aside by the server (and refused
            // later), not applied: the model leaves it out too.
            if (update && applies && !buildsOnMissing(model, update)) Y.applyUpdate(model, update);
          } else {
            counts.refused++;
            closeCodes[fate.code] = (closeCodes[fate.code] ?? 0) + 1;
            const expected: number[] = [
              CloseCode.MALFORMED,
              CloseCode.EDIT_REFUSED,
              CloseCode.READ_ONLY,
              CloseCode.TOO_BIG,
            ];
            if (!expected.includes(fate.code))
              fail(`Yjs: closed with ${fate.code}`, `${key}: ${fate.reason} after ${input.k}`);
          }
        },
      );
    };

    // ------------------------------------------------------------------------------------------
    // socket.io
    // ------------------------------------------------------------------------------------------
    async function connectedSocket(target: CreatedWorkshop, token: string): Promise<Sock> {
      const socket = connectSocket(url, target.id, token);
      await new Promise<void>((resolve, reject) => {
        socket.once('session:ready', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    }
    function ack(
      socket: Sock,
      name: string,
      payload: unknown,
    ): Promise<Ack<unknown> | 'disconnected' | 'timeout'> {
      return new Promise((resolve) => {
        const onDisconnect = () => resolve('disconnected');
        socket.once('disconnect', onDisconnect);
        (
          socket.timeout(8_000) as unknown as {
            emit(n: string, p: unknown, cb: (e: unknown, r: Ack<unknown>) => void): void;
          }
        ).emit(name, payload, (error, result) => {
          socket.off('disconnect', onDisconnect);
          resolve(error ? 'timeout' : result);
        });
      });
    }
    /** A socket of one person that reconnects when the server drops it, paced under the command budget. */
    const pacedSocket = (target: CreatedWorkshop, token: string) => {
      let socket: Promise<Sock> | undefined;
      let last = 0;
      const get = () => {
        socket ??= connectedSocket(target, token).then((s) => {
          cleanups.push(() => s.disconnect());
          s.once('disconnect', () => {
            socket = undefined;
          });
          return s;
        });
        return socket;
      };
      return {
        async send(name: string, payload: unknown, withAck: boolean) {
          const wait = last + 105 - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          last = Date.now();
          const s = await get();
          if (!withAck) {
            try {
              (s as unknown as { emit(...args: unknown[]): void }).emit(name, payload, 'no ack');
            } catch {
              // a name socket.io reserves for itself
            }
            return 'no ack' as const;
          }
          return ack(s, name, payload);
        },
      };
    };
    const fuzzedSockets = [
      { role: 'facilitator' as const, socket: pacedSocket(workshop, facilitator.token) },
      ...participants.map((p) => ({ role: 'participant' as const, socket: pacedSocket(workshop, p.token) })),
    ];
    const playgroundSockets = playgroundPeople.map((p) => pacedSocket(playground, p.token));
    const members = playgroundPeople.map((p) => p.id);
    const socketInput = socketArbitrary(members);
    const socketCounts: Record<string, Count> = {};
    const acceptedInFuzzed: Record<string, number> = {};
    const ackCodes: Record<string, Record<string, number>> = {};
    const runSockets = async (inputs: SocketInput[]) => {
      const lanes = fuzzedSockets.length + playgroundSockets.length;
      await inLanes(
        inputs,
        lanes,
        (input, i) => {
          const valid = input.k === 'payload' && commandSchemas[input.name].safeParse(input.payload).success;
          if (input.k === 'playground' || valid) return fuzzedSockets.length + (i % playgroundSockets.length);
          if (input.k === 'refusedForFacilitator') return 0;
          if (input.k === 'refusedForParticipant') return 1 + (i % participants.length);
          // The facilitator's budget is one person's: it takes a small share of the rest.
          return i % 50 === 0 ? 0 : 1 + (i % participants.length);
        },
        async (lane, input) => {
          const inFuzzed = lane < fuzzedSockets.length;
          const socket = inFuzzed
            ? fuzzedSockets[lane]!.socket
            : playgroundSockets[lane - fuzzedSockets.length]!;
          const key = `${inFuzzed ? 'fuzzed' : 'playground'} ${input.k}`;
          socketCounts[key] ??= count();
          const counts = socketCounts[key]!;
          counts.sent++;
          if (input.k === 'noAck') {
            await socket.send(input.name, input.payload, false);
            counts.other++;
            return;
          }
          const name = input.k === 'oversize' ? 'phase:set' : input.name;
          const payload = input.k === 'oversize' ? { phase: 'o'.repeat(70_000) } : input.payload;
          const result = await socket.send(name, payload, true);
          if (result === 'disconnected') {
            counts.refused++;
            if (input.k !== 'oversize')
              fail(`socket.io: ${name} disconnected the socket`, `${name} ${short(payload)}`);
          } else if (result === 'timeout' || result === 'no ack') {
            counts.other++;
            fail(`socket.io: ${name} never acknowledged`, `${name} ${short(payload)}`);
          } else if (result.ok) {
            counts.accepted++;
            if (inFuzzed) acceptedInFuzzed[name] = (acceptedInFuzzed[name] ?? 0) + 1;
          } else {
            counts.refused++;
            const code = result.error?.code;
            if (!code || !(code in ErrorCode) || typeof result.error.message !== 'string')
              fail(`socket.io: ${name} malformed ack`, `${name} ${short(payload)} → ${short(result)}`);
            else if (code === ErrorCode.INTERNAL)
              fail(
                `socket.io: ${name} acknowledged INTERNAL`,
                `${name} ${short(payload)} from ${inFuzzed ? `a ${fuzzedSockets[lane]!.role} of the fuzzed workshop` : 'the playground'}: ${result.error.message}`,
              );
            if (code) {
              ackCodes[key] ??= {};
              ackCodes[key][code] = (ackCodes[key][code] ?? 0) + 1;
            }
          }
        },
      );
    };

    // ------------------------------------------------------------------------------------------
    // HTTP
    // ------------------------------------------------------------------------------------------
    const httpCounts: Record<string, Count> = {};
    const runHttp = async (inputs: HttpInput[]) => {
      await inLanes(
        inputs,
        12,
        (_input, i) => i,
        async (_lane, input) => {
          let request = buildRequest(input, routes, snapshotUniverse, url);
          if (request.mayChange) request = buildRequest(input, routes, playgroundUniverse, url);
          const route = routes[input.route]!.template;
          httpCounts[`${request.method} ${route}`] ??= count();
          const counts = httpCounts[`${request.method} ${route}`]!;
          counts.sent++;
          try {
            const response = await fetch(request.url, {
              method: request.method,
              headers: request.headers,
              body: request.body as BodyInit | undefined,
              redirect: 'manual',
              signal: AbortSignal.timeout(15_000),
            });
            const text = await response.text();
            if (response.status >= 500) {
              fail(
                `HTTP ${response.status} (${text.startsWith('{"error"') ? 'JSON error' : 'not JSON'}), ${pathKind(request.url)}, ${bodyKind(request.body)}`,
                `${request.method} ${request.url.slice(url.length, 200)} → ${text.slice(0, 120)} (body ${short(request.body)})`,
              );
            }
            if (response.status < 300) counts.accepted++;
            else if (response.status < 500) counts.refused++;
            else counts.other++;
          } catch (error) {
            counts.other++;
            fail(
              'HTTP: no answer',
              `${request.method} ${request.url.slice(url.length, 200)}: ${(error as Error).message}`,
            );
          }
        },
      );
    };

    // ------------------------------------------------------------------------------------------
    // Warm-up, snapshot, the run, and the checks
    // ------------------------------------------------------------------------------------------
    const sample = <T>(arbitrary: fc.Arbitrary<T>, n: number, offset: number) =>
      n > 0 ? fc.sample(arbitrary, { seed: SEED + offset, numRuns: n }) : [];
    const yjsArbitrary = fc.record({ input: yjsInput, lane: fc.nat(yjsLanes.length - 1) });
    const httpArbitrary = httpInput(routes.length);

    let healthy = true;
    const health = setInterval(() => {
      fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => {
          if (response.status !== 200) fail(`/healthz answered ${response.status}`, new Date().toISOString());
          void response.body?.cancel();
        },
        (error: unknown) => {
          if (healthy) fail('/healthz did not answer', (error as Error).message);
          healthy = false;
        },
      );
    }, 250);
    cleanups.push(() => clearInterval(health));

    await Promise.all([
      runYjs(sample(yjsArbitrary, WARM_UP.yjs, 101)),
      runSockets(sample(socketInput, WARM_UP.socket, 102)),
      runHttp(sample(httpArbitrary, WARM_UP.http, 103)),
    ]);
    const warmedUp = performance.now();
    for (const counts of [yjsCounts, socketCounts, httpCounts])
      for (const key of Object.keys(counts)) delete counts[key];
    const inspector = await connectInspector(server.output());
    cleanups.push(inspector.close);
    const memoryStart = await inspector.collectGarbage();
    const rssStart = rssOf(pid);
    const cpuStart = cpuOf(pid);
    let rssPeak = rssStart;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssOf(pid));
    }, 200);
    cleanups.push(() => clearInterval(sampler));
    // The accepted Yjs inputs of the warm-up are in the models; start the fuzzed state from here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await snapshot();
    const wallsBefore = docShape(wallsModel);
    const logBefore = docShape(logModel);
    expect(before.walls.shape, 'the walls after the warm-up equal the model').toEqual(wallsBefore);
    expect(before.log.shape, 'the log after the warm-up equals the model').toEqual(logBefore);

    const n = { yjs: Math.round(TOTAL * SHARE.yjs), socket: Math.round(TOTAL * SHARE.socket), http: 0 };
    n.http = TOTAL - n.yjs - n.socket;
    const timings: Record<string, number> = {};
    const timed = async (name: string, run: Promise<void>) => {
      const t = performance.now();
      await run;
      timings[name] = Math.round(performance.now() - t);
    };
    await Promise.all([
      timed('yjs', runYjs(sample(yjsArbitrary, n.yjs, 1))),
      timed('socket', runSockets(sample(socketInput, n.socket, 2))),
      timed('http', runHttp(sample(httpArbitrary, n.http, 3))),
    ]);
    const ran = performance.now();

    clearInterval(sampler);
    const cpuUsed = cpuOf(pid) - cpuStart;
    const rssAfterRun = rssOf(pid);
    const idleSamples: string[] = [];
    for (let second = 1; second <= IDLE_SECONDS; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      idleSamples.push(mb(rssOf(pid)));
    }
    const rssBeforeGc = rssOf(pid);
    const memoryEnd = await inspector.collectGarbage();
    const rssEnd = rssOf(pid);
    clearInterval(health);
    const after = await snapshot();
    const health200 = await fetch(`${url}/healthz`);

    const total = (counts: Record<string, Count>) =>
      Object.values(counts).reduce(
        (sum, c) => ({
          sent: sum.sent + c.sent,
          refused: sum.refused + c.refused,
          accepted: sum.accepted + c.accepted,
          other: sum.other + c.other,
        }),
        count(),
      );
    const table = (title: string, counts: Record<string, Count>) =>
      `${title}: ${JSON.stringify(total(counts))}\n${Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([key, c]) =>
            `    ${key}: sent ${c.sent}, refused ${c.refused}, accepted ${c.accepted}${c.other ? `, other ${c.other}` : ''}`,
        )
        .join('\n')}`;
    console.log(
      [
        `[fuzz] seed ${SEED}: ${TOTAL} inputs in ${Math.round(ran - warmedUp)} ms (server CPU ${cpuUsed.toFixed(1)} s; warm-up ${Math.round(warmedUp - started)} ms incl. setup; yjs ${timings.yjs} ms, socket.io ${timings.socket} ms, http ${timings.http} ms); total ${Math.round(performance.now() - started)} ms`,
        `[fuzz] server RSS after the warm-up ${mb(rssStart)} (after a full GC; heap used ${mb(memoryStart.heapUsed)}), peak ${mb(rssPeak)}, at the end of the run ${mb(rssAfterRun)}, after ${IDLE_SECONDS} s idle ${idleSamples.at(-1)}, after a full GC ${mb(rssEnd)} (${((rssEnd / rssStart - 1) * 100).toFixed(0)}%; heap used ${mb(memoryEnd.heapUsed)}); before that GC ${mb(rssBeforeGc)}`,
        table('[fuzz] Yjs', yjsCounts),
        `    kept updates grew the walls to ${Y.encodeStateAsUpdate(wallsModel).byteLength} bytes and the log to ${Y.encodeStateAsUpdate(logModel).byteLength} bytes`,
        `    close codes: ${JSON.stringify(closeCodes)}; reconnects ${yjsLanes.reduce((s, l) => s + l.lane.reconnects, 0)}`,
        table('[fuzz] socket.io', socketCounts),
        `    acknowledged ok in the fuzzed workshop: ${JSON.stringify(acceptedInFuzzed)}`,
        `    refusal codes: ${JSON.stringify(ackCodes)}`,
        table('[fuzz] HTTP', httpCounts),
        `[fuzz] ${failures.size} kinds of failure${[...failures].map(([kind, { count, example }]) => `\n  ${kind}: ${count}× (e.g. ${example})`).join('')}`,
      ].join('\n'),
    );

    expect(exited, 'the server process is still running').toBeUndefined();
    expect(health200.status).toBe(200);
    expect(total(yjsCounts).sent + total(socketCounts).sent + total(httpCounts).sent).toBeGreaterThanOrEqual(
      Math.min(TOTAL, 20_000),
    );
    expect
      .soft(Object.fromEntries([...failures].map(([kind, { count }]) => [kind, count])), 'failures')
      .toEqual({});
    // Invalid input changed nothing: the state document and the API reads are as they were, and the
    // walls and the log hold what they held plus exactly the updates the server kept.
    expect.soft(after.state, 'state document').toEqual(before.state);
    expect.soft(after.api, 'API reads of the team and the workshop').toEqual(before.api);
    expect.soft(after.walls.shape, 'walls: before plus the accepted updates').toEqual(docShape(wallsModel));
    expect.soft(after.log.shape, 'log: before plus the accepted updates').toEqual(docShape(logModel));
    expect
      .soft(rssEnd, `RSS ${mb(rssStart)} → ${mb(rssEnd)}`)
      .toBeLessThanOrEqual(Math.max(rssStart + MAX_RSS_GROWTH, rssStart * 1.3));
  }, 170_000);
});

// ---------------------------------------------------------------------------------------------------
// socket.io inputs
// ---------------------------------------------------------------------------------------------------

type SocketInput =
  | { k: 'payload'; name: CommandName; payload: unknown }
  | { k: 'refusedForParticipant'; name: CommandName; payload: unknown }
  | { k: 'refusedForFacilitator'; name: CommandName; payload: unknown }
  | { k: 'playground'; name: CommandName; payload: unknown }
  | { k: 'noAck'; name: string; payload: unknown }
  | { k: 'oversize' };

const short = (value: unknown) => {
  try {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return (text ?? String(value)).slice(0, 160);
  } catch {
    return String(value).slice(0, 160);
  }
};

const randomId = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789_-'.split('')),
    minLength: 1,
    maxLength: 20,
  }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(64)),
);

/** Payloads of every shape, mostly not what the command's schema takes. */
const anyPayload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(undefined, null, 0, '', [], {}, true) },
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 8,
    arbitrary: fc.dictionary(
      fc.constantFrom(
        'phase',
        'participantId',
        'cardId',
        'order',
        'allowed',
        'index',
        'minutes',
        'actionId',
        'status',
        'title',
        'summary',
        'evidence',
        'x',
        'constructor',
        'prototype',
      ),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        randomId,
        fc.constantFrom('lobby', 'draw', 'ended', 'done', -1, 0, 1.5, 121, 2 ** 31, null),
        fc.array(randomId, { maxLength: 120 }),
      ),
      { maxKeys: 4 },
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '{"__proto__":{"phase":"draw"},"phase":5}',
        '{"__proto__":{"facilitatorId":"x"}}',
        '{"constructor":{"prototype":{"ok":true}}}',
        '{"participantId":null,"__proto__":null}',
        '{"minutes":{"valueOf":5}}',
      )
      .map((text) => JSON.parse(text) as unknown),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10_000, max: 60_000 }).map((size) => ({ title: 't'.repeat(size) })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ cardId: Buffer.from(bytes) })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 300 })
      .map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  },
);

/** Valid payloads of every command, for the playground (accepted or refused by the rules). */
function validPayload(name: CommandName, members: string[]): fc.Arbitrary<unknown> {
  const member = fc.oneof(fc.constantFrom(...members), randomId);
  switch (name) {
    case 'phase:set':
      return fc.record({ phase: fc.constantFrom('lobby', 'draw', 'investigate', 'reflect') });
    case 'hat:add-card':
      return fc.record({
        title: fc.constantFrom('Card', 'Another', 'nul\u0000byte'),
        summary: fc.constant('s'),
        evidence: fc.constant([]),
      });
    case 'hat:draw':
    case 'turn:start':
      return fc.record({ participantId: member }, { requiredKeys: [] });
    case 'hat:return':
      return fc.record({ cardId: randomId });
    case 'turn:reorder':
      return fc.record({ order: fc.subarray(members) });
    case 'turn:driver-may-pass':
      return fc.record({ allowed: fc.boolean() });
    case 'evidence:reveal':
      return fc.record({ index: fc.nat(20) });
    case 'scribe:assign':
      return fc.record({ participantId: fc.oneof(member, fc.constant(null)) });
    case 'role:hand':
      return fc.record({ participantId: member });
    case 'timer:adjust':
      return fc.record({ minutes: fc.integer({ min: -120, max: 120 }).filter((m) => m !== 0) });
    case 'timer:timebox':
      return fc.record({ minutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constant(null)) });
    case 'review:set-status':
    case 'vote:cast':
    case 'vote:retract':
      return fc
        .record({ actionId: randomId, status: fc.constantFrom('open', 'in_progress', 'done', 'dropped') })
        .map((p) => (name === 'review:set-status' ? p : { actionId: p.actionId }));
    default:
      return fc.constant({});
  }
}

/** Commands a participant may never run in the lobby, whatever the payload. */
const facilitatorOnly: CommandName[] = [
  'phase:set',
  'hat:fill',
  'hat:add-card',
  'hat:return',
  'turn:start',
  'turn:reorder',
  'turn:driver-may-pass',
  'scribe:assign',
  'role:hand',
  'timer:start',
  'timer:pause',
  'timer:resume',
  'timer:adjust',
  'timer:timebox',
  'workshop:end',
];

function socketArbitrary(members: string[]): fc.Arbitrary<SocketInput> {
  const valid = (name: CommandName) => validPayload(name, members).map((payload) => ({ name, payload }));
  const notMember = randomId.filter((id) => !members.includes(id));
  return fc.oneof(
    {
      weight: 55,
      // (Well-formed ones go to the playground; ending it would leave nothing to play with.)
      arbitrary: fc
        .record({
          k: fc.constant('payload' as const),
          name: fc.constantFrom(...commandNames),
          payload: anyPayload,
        })
        .filter((p) => p.name !== 'workshop:end' || !commandSchemas[p.name].safeParse(p.payload).success),
    },
    {
      // Well-formed, and still refused (or a no-op) for a participant in the lobby.
      weight: 18,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...facilitatorOnly).chain(valid),
          fc
            .constantFrom<CommandName>(
              'hat:draw',
              'turn:pass',
              'turn:end',
              'evidence:reveal',
              'role:claim',
              'vote:cast',
              'vote:retract',
              'review:set-status',
            )
            .chain(valid),
        )
        .map((p) => ({ k: 'refusedForParticipant' as const, ...p })),
    },
    {
      // Well-formed, and refused (or a no-op) for the facilitator in the lobby with nobody driving.
      weight: 2,
      arbitrary: fc
        .oneof(
          fc
            .constantFrom<CommandName>(
              'turn:pass',
              'turn:end',
              'timer:pause',
              'timer:resume',
              'role:claim',
              'hat:draw',
              'vote:cast',
              'vote:retract',
            )
            .chain(valid),
          fc.record({
            name: fc.constant<CommandName>('evidence:reveal'),
            payload: fc.record({ index: fc.nat(20) }),
          }),
          fc.record({
            name: fc.constant<CommandName>('hat:return'),
            payload: fc.record({ cardId: randomId }),
          }),
          fc.record({
            name: fc.constant<CommandName>('turn:start'),
            payload: fc.record({ participantId: randomId }),
          }),
          fc.record({
            name: fc.constantFrom<CommandName>('scribe:assign', 'role:hand'),
            payload: fc.record({ participantId: notMember }),
          }),
          fc.record({
            name: fc.constant<CommandName>('turn:reorder'),
            payload: fc.record({ order: fc.array(notMember, { minLength: 1, maxLength: 3 }) }),
          }),
          fc.record({
            name: fc.constant<CommandName>('review:set-status'),
            payload: fc.record({ actionId: notMember, status: fc.constant('done') }),
          }),
        )
        .map((p) => ({ k: 'refusedForFacilitator' as const, ...p })),
    },
    {
      weight: 14,
      arbitrary: fc
        .constantFrom(...commandNames)
        .filter((name) => name !== 'workshop:end')
        .chain(valid)
        .map((p) => ({ k: 'playground' as const, ...p })),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant('noAck' as const),
        name: fc.oneof(
          fc.constantFrom(...commandNames),
          fc.constantFrom(
            'clock:ping',
            'unknown',
            '__proto__',
            'constructor',
            'connect',
            'session:ready',
            '',
          ),
        ),
        payload: anyPayload,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ k: 'oversize' as const }) },
  );
}

/** Whether applying `update` to `model` would leave structs or deletions waiting for missing content. */
function buildsOnMissing(model: Y.Doc, update: Uint8Array): boolean {
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(model));
  Y.applyUpdate(probe, update);
  const waiting = probe.store.pendingStructs !== null || probe.store.pendingDs !== null;
  probe.destroy();
  return waiting;
}

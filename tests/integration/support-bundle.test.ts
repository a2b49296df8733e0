/**
 * The support bundle and the connection panel against a real server: what happened in a workshop is
 * recorded (joins, leaves, refusals, commands, persistence lag), the facilitator and an operator can
 * download it, nobody else can, and no token reaches the bundle or any log line. With
 * TEST_DATABASE_URL, the same on PostgreSQL and across two processes over Redis.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ConnectionsReport } from '../../server/contract/commands';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import { hashToken } from '../../server/domain/tokens';
import { addNote } from '../../server/model/notes';
import type { SupportBundle } from '../../server/use-cases/support-bundle';
import { connectSocket, createWorkshop, eventually, joinWorkshop, whoAmI } from '../helpers/clients';
import { drivers } from '../helpers/databases';
import { openRawYjs, updateMessage } from '../helpers/raw-yjs';
import { type Cleanups, commander, openDoc } from '../helpers/room-clients';
import type { ServerProcess } from '../helpers/server-process';
import { useCluster } from '../helpers/use-cluster';
import { useServer } from '../helpers/use-server';

const metricsToken = 'operator-metrics-token-for-the-bundle-test';
const noteText = 'Pager went to the wrong rota';

type Commander = Awaited<ReturnType<typeof commander>>;

/** GET the support bundle with `token`: status, headers and the parsed body. */
async function fetchBundle(baseUrl: string, workshopId: string, token?: string) {
  const response = await fetch(`${baseUrl}/api/workshops/${workshopId}/support-bundle`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  return {
    status: response.status,
    disposition: response.headers.get('content-disposition') ?? '',
    text,
    body: JSON.parse(text) as SupportBundle & { error?: { code: string } },
  };
}

/** Asks for the connection panel as `who`. */
function listConnections(who: Commander): Promise<Ack<ConnectionsReport>> {
  return who.socket.timeout(10_000).emitWithAck('connections:list');
}

/** Every form a token (or its stored hash) could leak in. */
function secretsOf(tokens: string[]): string[] {
  return tokens.flatMap((token) => {
    const hash = Buffer.from(hashToken(token));
    return [token, hash.toString('hex'), hash.toString('base64'), hash.toString('base64url')];
  });
}

/** The secrets found in `text`, shortened for the failure message. */
const leaked = (text: string, secrets: string[]) =>
  secrets.filter((secret) => text.includes(secret)).map((s) => `${s.slice(0, 6)}…`);

describe.each(drivers)('support bundle on %s', (driver) => {
  const served = useServer({
    driver,
    env: { METRICS_TOKEN: metricsToken, PROCESS_ID: 'bundle-test', PERSIST_LAG_SAMPLE_MS: '300' },
  });
  const cleanups: Cleanups = [];
  /** Every token the tests used, checked against the bundles and the whole server output. */
  const tokens: string[] = [metricsToken];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  const seed = async (): Promise<{ workshop: CreatedWorkshop; annToken: string }> => {
    const workshop = await createWorkshop(served.url, { title: 'Bundle drill', facilitatorName: 'Fay' });
    const ann = await joinWorkshop(served.url, workshop, 'Ann');
    tokens.push(workshop.facilitatorToken, workshop.joinToken, ann.participantToken);
    return { workshop, annToken: ann.participantToken };
  };

  it('records joins, leaves, commands, refusals, clock reports and persistence lag, and the facilitator downloads them', async () => {
    const started = performance.now();
    const { workshop, annToken } = await seed();
    const fay = await commander(served.url, workshop, workshop.facilitatorToken, cleanups);
    const ann = await commander(served.url, workshop, annToken, cleanups);
    const walls = await openDoc(served.url, workshop.id, workshop.facilitatorToken, cleanups);

    expect(
      await ann.socket.timeout(5_000).emitWithAck('clock:report', { rttMs: 31.6, offsetMs: -1500 }),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(
      await ann.socket.timeout(5_000).emitWithAck('clock:report', { rttMs: -1, offsetMs: 0 } as never),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    addNote(walls.doc, {
      id: 'n1',
      wall: 'crappy',
      text: noteText,
      author: await whoAmI(served.url, workshop.id, workshop.facilitatorToken),
      now: 1,
    });
    expect(await ann.send('phase:set', { phase: 'draw' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FACILITATOR' },
    });
    expect(await fay.send('phase:set', { phase: 'draw' })).toMatchObject({ ok: true });

    // A raw client of Ann's writes a root type the app never writes: refused whole, closed with 4422.
    const hostile = new Y.Doc();
    hostile.getMap('bench').set('x', 1);
    const raw = openRawYjs(served.url, workshop.id, annToken);
    await raw.opened;
    raw.send(updateMessage(Y.encodeStateAsUpdate(hostile)));
    expect((await raw.closed).code).toBe(4422);

    // A wrong token for this workshop is refused in the handshake.
    const stranger = connectSocket(served.url, workshop.id, 'not-a-token-of-this-workshop');
    cleanups.push(() => stranger.disconnect());
    await new Promise((resolve) => stranger.once('connect_error', resolve));

    // The panel is the facilitator's; Ann is online with her clock report.
    expect(await listConnections(ann)).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
    const live = await listConnections(fay);
    if (!live.ok) throw new Error(live.error.message);
    expect(live.value.multiProcess).toBe(false);
    expect(live.value.rows.find((row) => row.name === 'Ann')).toMatchObject({
      online: true,
      rttMs: 32,
      offsetMs: -1500,
      processIds: ['bundle-test'],
    });

    // Ann leaves and comes back: one reconnect, counted once the events are written.
    ann.socket.disconnect();
    await eventually(async () => {
      const ack = await listConnections(fay);
      expect(ack.ok && ack.value.rows.find((row) => row.name === 'Ann')).toMatchObject({ online: false });
    });
    const back = await commander(served.url, workshop, annToken, cleanups);
    await eventually(async () => {
      const ack = await listConnections(fay);
      expect(ack.ok && ack.value.rows.find((row) => row.name === 'Ann')).toMatchObject({
        online: true,
        reconnects: 1,
      });
    });
    back.socket.disconnect();

    const bundle = await eventually(async () => {
      const answer = await fetchBundle(served.url, workshop.id, workshop.facilitatorToken);
      expect(answer.status).toBe(200);
      const kinds = answer.body.events.map((e) => e.event);
      expect(kinds).toContain('persistence.lag');
      expect(kinds.filter((k) => k === 'participant.left').length).toBeGreaterThanOrEqual(2);
      return answer;
    }, 15_000);
    const elapsed = Math.round(performance.now() - started);

    const date = new Date().toISOString().slice(0, 10);
    expect(bundle.disposition).toBe(`attachment; filename="firedrill-support-${workshop.id}-${date}.json"`);
    const { body } = bundle;
    const annId = back.participantId;
    const fayId = fay.participantId;
    expect(body).toMatchObject({
      kind: 'firedrill-support-bundle',
      generatedBy: 'facilitator',
      processId: 'bundle-test',
      workshop: { id: workshop.id, title: 'Bundle drill', phase: 'draw' },
      counts: { participants: 2 },
    });
    expect(body.participants).toEqual([
      { id: fayId, name: 'Fay', role: 'facilitator', facilitatorNow: true },
      { id: annId, name: 'Ann', role: 'participant', facilitatorNow: false },
    ]);
    const find = (event: string, test: (e: SupportBundle['events'][number]) => boolean = () => true) =>
      body.events.filter((e) => e.event === event && test(e));
    expect(find('participant.joined', (e) => e.participantId === annId)).toHaveLength(2);
    expect(find('participant.joined', (e) => e.participantId === fayId)[0]?.detail).toMatchObject({
      role: 'facilitator',
      processId: 'bundle-test',
      transport: 'websocket',
    });
    expect(find('participant.left', (e) => e.participantId === annId)[0]?.detail).toMatchObject({
      reason: 'client namespace disconnect',
      processId: 'bundle-test',
    });
    expect(find('command', (e) => e.participantId === annId)[0]?.detail).toMatchObject({
      command: 'phase:set',
      result: 'NOT_FACILITATOR',
    });
    expect(find('command', (e) => e.participantId === fayId)[0]?.detail).toMatchObject({
      command: 'phase:set',
      result: 'ok',
    });
    expect(find('yjs.refused')).toEqual([
      expect.objectContaining({
        participantId: annId,
        detail: { code: 4422, reason: expect.stringMatching(/^Edit refused: /), doc: 'walls' },
      }),
    ]);
    expect(find('socket.refused')[0]?.detail).toEqual({ code: 'UNAUTHORIZED', reason: 'invalid token' });
    expect(find('participant.clock')[0]).toMatchObject({
      participantId: annId,
      detail: { rttMs: 32, offsetMs: -1500 },
    });
    expect(find('persistence.lag')[0]?.detail).toMatchObject({ windowMs: 300, updates: expect.any(Number) });
    expect(body.connections.rows.find((row) => row.participantId === annId)).toMatchObject({
      online: false,
      reconnects: 1,
    });
    // Nothing anyone wrote, no token and no hash of one.
    expect(bundle.text).not.toContain(noteText);
    expect(leaked(bundle.text, secretsOf(tokens))).toEqual([]);

    // Ann's own token, the join link and no token at all do not open it; the operator's does.
    expect((await fetchBundle(served.url, workshop.id, annToken)).status).toBe(403);
    expect((await fetchBundle(served.url, workshop.id, workshop.joinToken)).status).toBe(403);
    expect((await fetchBundle(served.url, workshop.id)).status).toBe(401);
    expect((await fetchBundle(served.url, workshop.id, 'wrong')).status).toBe(401);
    const operator = await fetchBundle(served.url, workshop.id, metricsToken);
    expect(operator.status).toBe(200);
    expect(operator.body.generatedBy).toBe('operator');
    expect((await fetchBundle(served.url, 'no-such-workshop', metricsToken)).status).toBe(404);

    const counts = Object.entries(
      body.events.reduce<Record<string, number>>((all, e) => {
        all[e.event] = (all[e.event] ?? 0) + 1;
        return all;
      }, {}),
    )
      .map(([event, n]) => `${event} ${n}`)
      .join(', ');
    console.log(
      `[${driver}] support bundle: ${body.events.length} events (${counts}), ${bundle.text.length} bytes; scenario to bundle ${elapsed} ms`,
    );
  });

  it('follows the facilitator role when it is handed over', async () => {
    const { workshop, annToken } = await seed();
    const fay = await commander(served.url, workshop, workshop.facilitatorToken, cleanups);
    const ann = await commander(served.url, workshop, annToken, cleanups);
    expect(await fay.send('role:hand', { participantId: ann.participantId })).toMatchObject({ ok: true });
    expect((await fetchBundle(served.url, workshop.id, annToken)).status).toBe(200);
    expect((await fetchBundle(served.url, workshop.id, workshop.facilitatorToken)).status).toBe(403);
    expect(await listConnections(ann)).toMatchObject({ ok: true });
    expect(await listConnections(fay)).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
  });

  it('marks someone who reconnects three times within five minutes as flapping', async () => {
    const { workshop, annToken } = await seed();
    const fay = await commander(served.url, workshop, workshop.facilitatorToken, cleanups);
    const annRow = async () => {
      const ack = await listConnections(fay);
      if (!ack.ok) throw new Error(ack.error.message);
      return ack.value.rows.find((row) => row.name === 'Ann');
    };
    for (let i = 0; i < 4; i++) {
      const ann = await commander(served.url, workshop, annToken, cleanups);
      if (i < 3) expect((await annRow())?.flapping).toBe(false);
      ann.socket.disconnect();
    }
    const row = await eventually(async () => {
      const found = await annRow();
      expect(found).toMatchObject({ online: false, reconnects: 3, recentReconnects: 3, flapping: true });
      return found;
    });
    expect(row?.since).not.toBeNull();
  });

  it('writes no token into any log line', async () => {
    // Runs last in the file: every token the tests above used, against everything the server printed.
    const secrets = secretsOf(tokens);
    expect(tokens.length).toBeGreaterThanOrEqual(7);
    for (const line of served.server.logs) expect(leaked(JSON.stringify(line), secrets)).toEqual([]);
    expect(leaked(served.server.output(), secrets)).toEqual([]);
    console.log(
      `[${driver}] ${served.server.logs.length} log lines (${served.server.output().length} bytes) checked against ${tokens.length} tokens: none found`,
    );
  });
});

describe('connection panel across two processes', () => {
  const live = useCluster({ processes: 2 });
  const cleanups: Cleanups = [];
  afterAll(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('shows which process serves whom, with clock reports and joins recorded by the other process', async () => {
    const servers = live.cluster.processes;
    const [p1, p2] = servers as [ServerProcess, ServerProcess];
    const workshop = await createWorkshop(p1.url, { title: 'Two processes', facilitatorName: 'Fay' });
    const annJoined = await joinWorkshop(p1.url, workshop, 'Ann');
    const ann = await commander(p1.url, workshop, annJoined.participantToken, cleanups);
    const fay = await commander(p2.url, workshop, workshop.facilitatorToken, cleanups);
    await ann.socket.timeout(5_000).emitWithAck('clock:report', { rttMs: 12, offsetMs: 250 });

    const report = await eventually(async () => {
      const ack = await listConnections(fay);
      if (!ack.ok) throw new Error(ack.error.message);
      expect(ack.value.rows.find((row) => row.name === 'Ann')).toMatchObject({
        online: true,
        processIds: ['p1'],
        rttMs: 12,
        offsetMs: 250,
      });
      return ack.value;
    });
    expect(report.multiProcess).toBe(true);
    expect(report.rows.find((row) => row.name === 'Fay')).toMatchObject({ online: true, processIds: ['p2'] });

    // The bundle from p2 lists Ann's join as p1 recorded it.
    const bundle = await eventually(async () => {
      const answer = await fetchBundle(p2.url, workshop.id, workshop.facilitatorToken);
      expect(
        answer.body.events.some((e) => e.event === 'participant.joined' && e.detail.processId === 'p1'),
      ).toBe(true);
      return answer.body;
    });
    expect(bundle.processId).toBe('p2');
    const secrets = secretsOf([workshop.facilitatorToken, workshop.joinToken, annJoined.participantToken]);
    for (const server of servers) expect(leaked(server.output(), secrets)).toEqual([]);
    console.log(
      `[two processes] Ann on ${report.rows.find((r) => r.name === 'Ann')?.processIds}, Fay on ${report.rows.find((r) => r.name === 'Fay')?.processIds}; bundle from p2 has ${bundle.events.length} events`,
    );
  });
});

/**
 * The live team page's push: after each change to a team, every socket.io connection authenticated
 * for that team (admin or member link) hears which topics changed, whichever process made the change;
 * a connection without a valid token for that team is refused and hears nothing.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import {
  type ActionView,
  type CreatedTeam,
  TEAM_NAMESPACE,
  type TeamServerToClientEvents,
  type TeamTopic,
} from '../../server/contract/team';
import { connectSocket, eventually } from '../helpers/clients';
import { type Cleanups, commander } from '../helpers/room-clients';
import { runWorkshop, SHORT_WORKSHOP } from '../helpers/run-workshop';
import { createTeam, teamApi } from '../helpers/team';
import { useCluster } from '../helpers/use-cluster';
import { useServer } from '../helpers/use-server';

const card = (title: string) => ({
  title,
  summary: `${title}: what happened`,
  tags: ['payments'],
  severity: 'high',
  happenedOn: '2026-10-02',
  evidence: [{ kind: 'alert', label: 'Pager', body: `${title} alert` }],
});

type TeamSocket = Socket<TeamServerToClientEvents, Record<string, never>>;

const cleanups: Cleanups = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A socket.io client on the team namespace, as the team page opens it. */
function teamSocket(baseUrl: string, auth: unknown): TeamSocket {
  const socket: TeamSocket = io(`${baseUrl}${TEAM_NAMESPACE}`, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  cleanups.push(() => socket.disconnect());
  return socket;
}

/** A team page's connection: what it hears, and a check that consumes exactly what was expected. */
async function listen(baseUrl: string, teamId: string, token: string) {
  const socket = teamSocket(baseUrl, { teamId, token });
  const heard: TeamTopic[][] = [];
  socket.on('team:changed', (change) => heard.push([...change.topics].sort()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    heard,
    /** Waits until exactly these announcements were heard since the last check, then forgets them. */
    expectHeard: async (...expected: TeamTopic[][]) => {
      await eventually(() => expect(heard).toEqual(expected.map((topics) => [...topics].sort())));
      heard.length = 0;
    },
  };
}

/** How the server refuses a team connection with `auth`. */
async function refusal(baseUrl: string, auth: unknown): Promise<{ code?: string; message: string }> {
  const socket = teamSocket(baseUrl, auth);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the socket was let in')));
    socket.once('connect_error', (error) =>
      resolve({ code: (error as { data?: { code?: string } }).data?.code, message: error.message }),
    );
  });
}

describe('team announcements on one process', () => {
  const served = useServer();
  let team: CreatedTeam;
  let admin: ReturnType<typeof teamApi>;
  let member: ReturnType<typeof teamApi>;

  beforeAll(async () => {
    team = await createTeam(served.url);
    admin = teamApi(served.url, team.id, team.adminToken);
    member = teamApi(served.url, team.id, team.memberToken);
  });

  it('a member’s page hears which topics changed after each library edit and the schedule, and nothing after a survey answer', async () => {
    const page = await listen(served.url, team.id, team.memberToken);
    const adminPage = await listen(served.url, team.id, team.adminToken);

    const created = await admin.post<{ id: string }>('/cards', card('Checkout 500s'));
    expect(created.status).toBe(201);
    await page.expectHeard(['library']);
    await adminPage.expectHeard(['library']);
    expect((await admin.put(`/cards/${created.body.id}`, card('Checkout 502s'))).status).toBe(200);
    await page.expectHeard(['library']);
    expect((await admin.post(`/cards/${created.body.id}/duplicate`)).status).toBe(201);
    await page.expectHeard(['library']);
    expect((await admin.post(`/cards/${created.body.id}/archive`, { archived: true })).status).toBe(200);
    await page.expectHeard(['library']);
    // An import of many cards is one change: one announcement.
    const cards = Array.from({ length: 200 }, (_, i) => card(`Imported ${i + 1}`));
    const imported = await admin.post('/library', { format: 'firedrill-library', version: 1, cards });
    expect(imported.status).toBe(201);
    await page.expectHeard(['library']);
    expect((await admin.post<{ added: number }>('/starter-deck')).body.added).toBeGreaterThan(0);
    await page.expectHeard(['library']);

    // No page can watch a single answer land (the close of its month is announced instead).
    expect((await member.post('/survey', { score: 4, surveyKey: 'browser-key-live-000001' })).status).toBe(
      201,
    );
    expect((await admin.patch('', { name: 'Payments team', recurrence: 'none' })).status).toBe(200);
    await page.expectHeard(['team']);
    await adminPage.expectHeard(['library'], ['library'], ['library'], ['library'], ['library'], ['team']);
  });

  it('a member’s page hears the workshops list and the tracker change as a workshop is created, run and ended, and as actions change', async () => {
    const page = await listen(served.url, team.id, team.memberToken);
    const { body: cards } = await admin.get<{ id: string }[]>('/cards');
    const created = await admin.post<CreatedWorkshop>('/workshops', {
      title: 'November drill',
      cardIds: cards.slice(0, 2).map((c) => c.id),
    });
    expect(created.status).toBe(201);
    await page.expectHeard(['workshops']);

    // Someone joining moves the participant count; the end brings the record, the actions and the next date.
    await runWorkshop(served.url, created.body, SHORT_WORKSHOP);
    await page.expectHeard(['workshops'], ['actions', 'team', 'workshops']);

    const { body: actions } = await member.get<ActionView[]>('/actions');
    const actionId = actions[0]!.id;
    expect((await admin.patch(`/actions/${actionId}`, { status: 'in_progress' })).status).toBe(200);
    await page.expectHeard(['actions']);

    // Ticking it off in the next workshop's review is a tracker change too.
    const next = await admin.post<CreatedWorkshop>('/workshops', { title: 'December drill', cardIds: [] });
    await page.expectHeard(['workshops']);
    const facilitator = await commander(served.url, next.body, next.body.facilitatorToken, cleanups);
    expect(await facilitator.send('review:set-status', { actionId, status: 'done' })).toMatchObject({
      ok: true,
    });
    await page.expectHeard(['actions']);
    expect((await member.get<ActionView[]>('/actions')).body[0]?.status).toBe('done');
  });

  it('a refused change announces nothing', async () => {
    const page = await listen(served.url, team.id, team.memberToken);
    expect((await member.post('/cards', card('Not mine to add'))).status).toBe(403);
    expect((await admin.post('/cards', { title: '' })).status).toBe(400);
    expect((await admin.put('/cards/no-such-card', card('Ghost'))).status).toBe(404);
    expect((await admin.patch('/actions/no-such-action', { status: 'done' })).status).toBe(404);
    expect((await admin.patch('', { recurrence: 'weekly' })).status).toBe(400);
    // The starter deck is in already: a second click adds nothing, so nothing changed.
    expect((await admin.post<{ added: number }>('/starter-deck')).body.added).toBe(0);
    // Announcements reach a socket in order: only this change's is heard.
    expect((await admin.post('/cards', card('Queue backlog'))).status).toBe(201);
    await page.expectHeard(['library']);
  });

  it('refuses a connection without a valid token for that team, with a clear error, and only the team’s own pages hear its changes', async () => {
    const refused = { code: 'UNAUTHORIZED', message: 'This link is not valid for this team.' };
    const other = await createTeam(served.url, 'Search');
    expect(await refusal(served.url, undefined)).toEqual(refused);
    expect(await refusal(served.url, { teamId: team.id })).toEqual(refused);
    expect(await refusal(served.url, { teamId: team.id, token: 'not-a-token' })).toEqual(refused);
    expect(await refusal(served.url, { teamId: team.id, token: other.adminToken })).toEqual(refused);
    expect(await refusal(served.url, { teamId: 'no-such-team', token: team.adminToken })).toEqual(refused);
    expect(
      await refusal(served.url, { teamId: team.id, token: team.memberToken, room: `team:${other.id}` }),
    ).toEqual(refused);
    // A workshop token of the team (enough to answer its survey) does not open the team's page.
    const workshop = (
      await admin.post<CreatedWorkshop>('/workshops', { title: 'January drill', cardIds: [] })
    ).body;
    expect(await refusal(served.url, { teamId: team.id, token: workshop.facilitatorToken })).toEqual(refused);

    const otherPage = await listen(served.url, other.id, other.memberToken);
    const roomSocket = connectSocket(served.url, workshop.id, workshop.facilitatorToken);
    cleanups.push(() => roomSocket.disconnect());
    const roomEvents: string[] = [];
    roomSocket.onAny((event: string) => roomEvents.push(event));
    await new Promise((resolve) => roomSocket.once('session:ready', resolve));

    expect((await admin.post('/cards', card('Disk full'))).status).toBe(201);
    expect((await teamApi(served.url, other.id, other.adminToken).post('/cards', card('DNS'))).status).toBe(
      201,
    );
    await otherPage.expectHeard(['library']);
    // An acknowledged ping comes after anything the server sent that socket before it.
    await roomSocket.timeout(5_000).emitWithAck('clock:ping');
    expect(roomEvents).not.toContain('team:changed');
  });
});

describe('team announcements across processes', () => {
  const live = useCluster({ processes: 2, env: { LOG_LEVEL: 'info' } });

  it('a change made through one process reaches the team’s pages on every process', async () => {
    const [p1, p2] = live.cluster.processes.map((p) => p.url) as [string, string];
    const team = await createTeam(p1);
    const onP1 = await listen(p1, team.id, team.memberToken);
    const onP2 = await listen(p2, team.id, team.memberToken);

    const created = await teamApi(p1, team.id, team.adminToken).post<{ id: string }>(
      '/cards',
      card('Slow search'),
    );
    expect(created.status).toBe(201);
    await onP2.expectHeard(['library']);
    await onP1.expectHeard(['library']);

    expect((await teamApi(p2, team.id, team.adminToken).patch('', { name: 'Search team' })).status).toBe(200);
    await onP1.expectHeard(['team']);
    await onP2.expectHeard(['team']);
  });
});

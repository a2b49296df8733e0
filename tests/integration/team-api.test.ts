import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type {
  ActionView,
  CreatedTeam,
  LibraryCardView,
  SurveyMonth,
  TeamView,
} from '../../server/contract/team';
import type { WorkshopState } from '../../server/model/state';
import { readState } from '../../server/model/state-doc';
import {
  connectSocket,
  connectYjs,
  createWorkshop,
  eventually,
  joinWorkshop,
  synced,
} from '../helpers/clients';
import { drivers } from '../helpers/databases';
import { makeBlankPng, makeJpegHeader, makePng } from '../helpers/images';
import { runWorkshop } from '../helpers/run-workshop';
import { createTeam, teamApi } from '../helpers/team';
import { useServer } from '../helpers/use-server';

const card = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  summary: `${title}: what happened`,
  tags: ['payments'],
  severity: 'high',
  happenedOn: '2026-10-02',
  evidence: [{ kind: 'alert', label: 'Pager', body: `${title} alert` }],
  ...extra,
});

describe.each(drivers)('team API on %s', (driver) => {
  const served = useServer({ driver });
  let team: CreatedTeam;
  let admin: ReturnType<typeof teamApi>;
  let member: ReturnType<typeof teamApi>;

  beforeAll(async () => {
    team = await createTeam(served.url);
    admin = teamApi(served.url, team.id, team.adminToken);
    member = teamApi(served.url, team.id, team.memberToken);
  });

  it('gives an admin link and a read-only member link', async () => {
    expect(team.adminUrl).toBe(`${served.url}/t/${team.id}#token=${team.adminToken}`);
    expect((await admin.get<TeamView>('')).body).toMatchObject({
      name: 'Payments',
      role: 'admin',
      memberUrl: team.memberUrl,
    });
    expect((await member.get<TeamView>('')).body).toMatchObject({ role: 'member' });
    expect((await member.post('/cards', card('Nope'))).status).toBe(403);
    expect((await teamApi(served.url, team.id, 'wrong').get('')).status).toBe(401);
  });

  it('creates, edits, duplicates and archives library cards', async () => {
    const { body: created } = await admin.post<{ id: string }>('/cards', card('Checkout 500s'));
    expect(
      (
        await admin.put(
          `/cards/${created.id}`,
          card('Checkout 502s', { severity: 'critical', happenedOn: null }),
        )
      ).status,
    ).toBe(200);
    const { body: copy } = await admin.post<{ id: string }>(`/cards/${created.id}/duplicate`);
    expect((await admin.post(`/cards/${copy.id}/archive`, { archived: true })).status).toBe(200);
    const { body: cards } = await member.get<LibraryCardView[]>('/cards');
    expect(cards.map((c) => [c.title, c.severity, c.happenedOn])).toContainEqual([
      'Checkout 502s',
      'critical',
      null,
    ]);
    expect(cards.some((c) => c.id === copy.id)).toBe(false);
    const { body: all } = await member.get<LibraryCardView[]>('/cards?archived=1');
    expect(all.find((c) => c.id === copy.id)).toMatchObject({
      title: 'Checkout 502s (copy)',
      archived: true,
    });
    expect((await admin.put('/cards/nope', card('x'))).status).toBe(404);
  });

  it('accepts PNG evidence images by content and refuses the rest, writing nothing', async () => {
    const png = makePng();
    const ok = await admin.post<{ id: string; url: string }>('/images', png, 'image/png');
    expect(ok.status).toBe(201);
    const image = await fetch(`${served.url}${ok.body.url}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);

    const fake = await admin.post<{ error: { code: string; message: string } }>(
      '/images',
      new TextEncoder().encode('hello, I am a text file'),
      'image/png',
    );
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toContain('PNG, JPEG and WebP');
    const huge = await admin.post<{ error: { code: string } }>(
      '/images',
      new Uint8Array(3 * 1024 * 1024),
      'image/png',
    );
    expect(huge.status).toBe(413);
    const dangling = await admin.post(
      '/cards',
      card('With image', { evidence: [{ kind: 'image', label: 'Graph', body: 'img_nope' }] }),
    );
    expect(dangling.status).toBe(400);
    const withImage = await admin.post(
      '/cards',
      card('With image', { evidence: [{ kind: 'image', label: 'Graph', body: ok.body.id }] }),
    );
    expect(withImage.status).toBe(201);
  });

  it('refuses an image bomb and an image of another type than declared, storing nothing', async () => {
    const storedImages = async () => {
      if (!served.database.url) return undefined;
      const sql = postgres(served.database.url, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from images`;
      await sql.end();
      return row?.n;
    };
    const before = await storedImages();
    const bomb = makeBlankPng(20_000, 20_000);
    const refused = await admin.post<{ error: { code: string; message: string } }>(
      '/images',
      bomb,
      'image/png',
    );
    expect([refused.status, refused.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect(refused.body.error.message).toBe(
      'The image is 20000×20000 pixels; at most 8000 a side and 40 megapixels are accepted.',
    );
    const mislabelled = await admin.post<{ error: { message: string } }>('/images', makePng(), 'image/webp');
    expect(mislabelled.status).toBe(400);
    expect(mislabelled.body.error.message).toContain('declared as image/webp');
    const cardsBefore = (await member.get<LibraryCardView[]>('/cards')).body.length;
    const file = {
      format: 'firedrill-library',
      version: 1,
      cards: [
        card('Bomb', {
          evidence: [
            {
              kind: 'image',
              label: 'Graph',
              body: `data:image/jpeg;base64,${Buffer.from(makeJpegHeader(20_000, 20_000)).toString('base64')}`,
            },
          ],
        }),
      ],
    };
    const imported = await admin.post<{ error: { message: string } }>('/library', file);
    expect(imported.status).toBe(400);
    expect(imported.body.error.message).toContain('Card 1: image "Graph": The image is 20000×20000 pixels');
    expect((await member.get<LibraryCardView[]>('/cards')).body.length).toBe(cardsBefore);
    expect(await storedImages()).toBe(before);
  });

  it('imports and exports the library as JSON and Markdown, refusing bad files whole', async () => {
    const before = (await member.get<LibraryCardView[]>('/cards')).body.length;
    const bad = await admin.post<{ error: { code: string } }>(
      '/library',
      '{"format":"firedrill-library",',
      'application/json',
    );
    expect(bad.body.error.code).toBe('INVALID_JSON');
    const oneBadCard = await admin.post<{ error: { message: string } }>('/library', {
      format: 'firedrill-library',
      version: 1,
      cards: [card('Fine'), card('', {})],
    });
    expect(oneBadCard.status).toBe(400);
    expect(oneBadCard.body.error.message).toContain('cards.1.title');
    const fakeImage = await admin.post('/library', {
      format: 'firedrill-library',
      version: 1,
      cards: [
        card('Img', {
          evidence: [
            {
              kind: 'image',
              label: 'x',
              body: `data:image/png;base64,${Buffer.from('not a png').toString('base64')}`,
            },
          ],
        }),
      ],
    });
    expect(fakeImage.status).toBe(400);
    expect((await member.get<LibraryCardView[]>('/cards')).body).toHaveLength(before);

    const json = await member.get('/library?format=json');
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="firedrill-library.json"');
    const md = await member.get('/library?format=md');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="firedrill-library.md"');
    expect(md.text).toContain('# Checkout 502s');

    // Round trip into a second team: JSON (with the embedded image) and Markdown give the same cards.
    const other = await createTeam(served.url, 'Other');
    const otherAdmin = teamApi(served.url, other.id, other.adminToken);
    expect((await otherAdmin.post<{ imported: number }>('/library', json.text)).body.imported).toBe(before);
    expect(
      (await otherAdmin.post<{ imported: number }>('/library', md.text, 'text/markdown')).body.imported,
    ).toBe(before);
    const imported = (await otherAdmin.get<LibraryCardView[]>('/cards')).body;
    const strip = (c: LibraryCardView) => ({
      title: c.title,
      summary: c.summary,
      tags: c.tags,
      severity: c.severity,
      happenedOn: c.happenedOn,
      evidence: c.evidence.map((e) => (e.kind === 'image' ? { ...e, body: 'image' } : e)),
    });
    const mine = (await member.get<LibraryCardView[]>('/cards')).body.map(strip);
    expect(imported.map(strip).sort((a, b) => a.title.localeCompare(b.title))).toEqual(
      [...mine, ...mine].sort((a, b) => a.title.localeCompare(b.title)),
    );
    const brokenMd = await otherAdmin.post<{ error: { message: string } }>(
      '/library',
      '# Card\n\n## Evidence\n\n### log: x\nno fence',
      'text/markdown',
    );
    expect(brokenMd.status).toBe(400);
    expect(brokenMd.body.error.message).toContain('fenced block');
  });

  it('builds a workshop from the library and, once it ended, tracks its actions and opens the next with them', async () => {
    for (const title of ['Queue backlog', 'DNS outage', 'Disk full']) await admin.post('/cards', card(title));
    const suggestion = await admin.get<{ cardIds: string[]; warning: string | null; wanted: number }>(
      '/suggestions?participants=2',
    );
    expect(suggestion.body.wanted).toBe(4);
    expect(suggestion.body.cardIds).toHaveLength(4);
    const tooMany = await admin.get<{ warning: string | null }>('/suggestions?participants=20');
    expect(tooMany.body.warning).toMatch(/40 are suggested for 20 people/);

    // The planned date has come: when this workshop ends, a monthly team's next date moves on a month.
    const planned = new Date(Date.now() - 3_600_000);
    expect((await admin.patch('', { nextWorkshopAt: planned.toISOString() })).status).toBe(200);
    const created = await admin.post<CreatedWorkshop>('/workshops', {
      title: 'November drill',
      cardIds: suggestion.body.cardIds,
    });
    expect(created.status).toBe(201);
    const workshop = created.body;
    await runWorkshop(served.url, workshop, {
      walls: { actions: [{ text: 'Alarm on queue depth', dueDate: '2026-12-15' }] },
    });

    const actions = await eventually(async () => {
      const { body } = await member.get<ActionView[]>('/actions');
      expect(body).toHaveLength(1);
      return body;
    });
    expect(actions[0]).toMatchObject({
      text: 'Alarm on queue depth',
      ownerName: 'Ann',
      dueDate: '2026-12-15',
      status: 'open',
      workshopTitle: 'November drill',
    });
    const nextMonth = new Date(planned);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    expect(new Date((await member.get<TeamView>('')).body.nextWorkshopAt!).getTime()).toBe(
      nextMonth.getTime(),
    );
    const history = await member.get<{
      workshops: { id: string; endedAt: string | null; participantCount: number; actionCount: number }[];
    }>('/workshops');
    expect(history.body.workshops.find((w) => w.id === workshop.id)).toMatchObject({
      endedAt: expect.any(String),
      participantCount: 2,
      actionCount: 1,
    });
    const summary = await fetch(`${served.url}/api/workshops/${workshop.id}/summary`, {
      headers: { authorization: `Bearer ${team.memberToken}` },
    });
    expect(summary.status).toBe(200);
    const cards = (await member.get<LibraryCardView[]>('/cards')).body;
    expect(cards.filter((c) => c.runCount === 1)).toHaveLength(1);
    expect(cards.find((c) => c.runCount === 1)?.lastRunAt).not.toBeNull();

    const csv = await member.get('/actions?format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="firedrill-actions.csv"');
    // The action was written without a turn, so its scenario cell is empty.
    expect(csv.text.split('\r\n')[1]).toBe(
      `"Alarm on queue depth","Ann","2026-12-15","open","medium","0","","November drill","${actions[0]!.createdAt.slice(0, 10)}"`,
    );
    const md = await fetch(`${served.url}/api/workshops/${workshop.id}/export?format=md`, {
      headers: { authorization: `Bearer ${team.memberToken}` },
    });
    expect(md.headers.get('content-disposition')).toMatch(
      /^attachment; filename="firedrill-november-drill-\d{4}-\d{2}-\d{2}\.md"$/,
    );
    expect(await md.text()).toContain('| Alarm on queue depth | Ann | 2026-12-15 | medium | 0 | open |');

    // The next workshop opens with the open action under review; ticking it off lands in the tracker.
    const next = (await admin.post<CreatedWorkshop>('/workshops', { title: 'December drill', cardIds: [] }))
      .body;
    const nextFac = connectSocket(served.url, next.id, next.facilitatorToken);
    await new Promise((resolve) => nextFac.once('session:ready', resolve));
    const state = connectYjs(served.url, `${next.id}/state`, next.facilitatorToken);
    await synced(state.provider);
    await eventually(() =>
      expect((readState(state.doc) as WorkshopState).review.map((r) => r.text)).toEqual([
        'Alarm on queue depth',
      ]),
    );
    const ack = await (
      nextFac.timeout(10_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> }
    ).emitWithAck('review:set-status', { actionId: actions[0]!.id, status: 'done' });
    expect(ack).toMatchObject({ ok: true });
    await eventually(() => expect((readState(state.doc) as WorkshopState).review[0]?.status).toBe('done'));
    expect((await member.get<ActionView[]>('/actions')).body[0]?.status).toBe('done');
    state.destroy();
    nextFac.disconnect();

    expect((await member.patch(`/actions/${actions[0]!.id}`, { status: 'dropped' })).status).toBe(403);
    expect(
      (await admin.patch(`/actions/${actions[0]!.id}`, { status: 'in_progress', ownerName: 'Bo' })).status,
    ).toBe(200);
    expect((await member.get<ActionView[]>('/actions')).body[0]).toMatchObject({
      status: 'in_progress',
      ownerName: 'Bo',
    });
  });

  it('keeps an open month of the survey sealed, even from the third answer, and takes one answer per browser', async () => {
    const answer = (score: number, key: string) => member.post('/survey', { score, surveyKey: key });
    expect((await answer(4, 'browser-key-0000000001')).status).toBe(201);
    expect((await answer(2, 'browser-key-0000000002')).status).toBe(201);
    const twice = await answer(5, 'browser-key-0000000001');
    expect(twice.status).toBe(400);
    let months = (await member.get<SurveyMonth[]>('/survey')).body;
    const month = new Date().toISOString().slice(0, 7);
    expect(months.find((m) => m.month === month)).toMatchObject({
      answers: 2,
      isOpen: true,
      hidden: true,
      distribution: null,
      mean: null,
    });
    expect((await answer(5, 'browser-key-0000000003')).status).toBe(201);
    months = (await member.get<SurveyMonth[]>('/survey')).body;
    // Results come only when the month has closed (tests/integration/survey-anonymity.test.ts).
    expect(months.find((m) => m.month === month)).toMatchObject({
      answers: 3,
      isOpen: true,
      hidden: true,
      distribution: null,
      mean: null,
    });
    expect((await member.post('/survey', { score: 6, surveyKey: 'browser-key-0000000004' })).status).toBe(
      400,
    );
  });

  it('takes a survey answer from someone who holds only a workshop token of the team', async () => {
    const workshop = (await admin.post<CreatedWorkshop>('/workshops', { title: 'Survey drill', cardIds: [] }))
      .body;
    const dee = await joinWorkshop(served.url, workshop, 'Dee');
    const asParticipant = teamApi(served.url, team.id, dee.participantToken);
    expect(
      (await asParticipant.post('/survey', { score: 4, surveyKey: 'dee-browser-key-000001' })).status,
    ).toBe(201);
    expect((await asParticipant.get('/survey')).status).toBe(401);
    const stranger = await createWorkshop(served.url);
    const asStranger = teamApi(served.url, team.id, stranger.facilitatorToken);
    expect(
      (await asStranger.post('/survey', { score: 1, surveyKey: 'stranger-browser-key-01' })).status,
    ).toBe(401);
  });
});

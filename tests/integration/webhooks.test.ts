import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { surveyTallies } from '../../db/schema';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { WebhookTestResult, WebhookView } from '../../server/contract/notify';
import type { ActionView, CreatedTeam } from '../../server/contract/team';
import { eventually } from '../helpers/clients';
import { databaseFor, drivers } from '../helpers/databases';
import { createTeamWorkshop, runWorkshop } from '../helpers/run-workshop';
import { startServer } from '../helpers/server-process';
import { createTeam, teamApi } from '../helpers/team';
import { useServer } from '../helpers/use-server';
import {
  notifyTestEnv,
  type ReceivedPost,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../helpers/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventOf = (post: ReceivedPost) => post.body.event as string;
const ofEvent = (posts: ReceivedPost[], event: string) => posts.filter((p) => eventOf(p) === event);
/** Posts in any format whose text says `words`. */
const saying = (posts: ReceivedPost[], words: string) =>
  posts.filter((p) => JSON.stringify(p.body).includes(words));

// The behaviour runs on PGlite, the default deployment; PostgreSQL's side of the queue is covered by the
// restart suite below and by webhooks-cluster.test.ts (two processes, one post each), which keeps CI short.
describe.each(['pglite'] as const)('chat webhooks on %s', (driver) => {
  const served = useServer({ driver, env: notifyTestEnv });
  let receiver: WebhookReceiver;
  let team: CreatedTeam;
  let admin: ReturnType<typeof teamApi>;
  let member: ReturnType<typeof teamApi>;
  const hook = (path: string) => `${receiver.url}${path}`;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    team = await createTeam(served.url, 'Payments');
    admin = teamApi(served.url, team.id, team.adminToken);
    member = teamApi(served.url, team.id, team.memberToken);
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('lets an admin add Slack, Teams and generic webhooks, shown masked; members get 403 and see nothing', async () => {
    const added: WebhookView[] = [];
    for (const [format, path] of [
      ['slack', '/T000/B000/slack-secret-XyZ9'],
      ['teams', '/teams-secret-AbC1'],
      ['generic', '/generic'],
    ] as const) {
      const response = await admin.post<WebhookView>('/webhooks', { format, url: hook(path) });
      expect(response.status).toBe(201);
      expect(response.text).not.toContain(path);
      added.push(response.body);
    }
    expect(added[0]!.maskedUrl).toBe(`${receiver.url}/…/XyZ9`);
    const listed = await admin.get<WebhookView[]>('/webhooks');
    expect(listed.body.map((w) => w.format)).toEqual(['slack', 'teams', 'generic']);
    expect(listed.text).not.toContain('secret');

    for (const call of [
      member.get('/webhooks'),
      member.post('/webhooks', { format: 'slack', url: hook('/x') }),
      member.delete(`/webhooks/${added[0]!.id}`),
      member.post(`/webhooks/${added[0]!.id}/test`),
    ]) {
      const response = await call;
      expect(response.status).toBe(403);
      expect(response.text).not.toContain('secret');
    }
    // Nothing else a member reads mentions them either.
    expect((await member.get('')).text).not.toContain(receiver.url);

    const refused = async (body: unknown) => {
      const response = await admin.post<{ error: { code: string; message: string } }>('/webhooks', body);
      expect(response.status).toBe(400);
      return response.body.error.message;
    };
    expect(await refused({ format: 'slack', url: 'ftp://hooks.example.com/x' })).toMatch(/https:\/\//);
    expect(await refused({ format: 'slack', url: 'not a url' })).toMatch(/not a URL/);
    expect(await refused({ format: 'slack', url: 'https://user:pw@hooks.example.com/x' })).toMatch(
      /user name or password/,
    );
    expect(await refused({ format: 'irc', url: hook('/x') })).toMatch(/format/);

    // Five per team at most.
    await admin.post('/webhooks', { format: 'generic', url: hook('/fourth') });
    const fifth = await admin.post<WebhookView>('/webhooks', { format: 'generic', url: hook('/fifth') });
    const sixth = await admin.post<{ error: { code: string } }>('/webhooks', {
      format: 'generic',
      url: hook('/sixth'),
    });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('TOO_MANY_WEBHOOKS');
    expect((await admin.delete(`/webhooks/${fifth.body.id}`)).status).toBe(200);
    expect((await admin.delete(`/webhooks/${fifth.body.id}`)).status).toBe(404);
    expect((await admin.get<WebhookView[]>('/webhooks')).body).toHaveLength(4);
  });

  it('sends a test message in each format, and says why one failed', async () => {
    const hooks = (await admin.get<WebhookView[]>('/webhooks')).body;
    for (const webhook of hooks.slice(0, 3)) {
      const result = await admin.post<WebhookTestResult>(`/webhooks/${webhook.id}/test`);
      expect(result.body).toEqual({ ok: true });
    }
    const tests = receiver.posts.filter((p) => JSON.stringify(p.body).includes('Firedrill is connected'));
    const slack = tests.find((p) => p.path.includes('slack'))!.body as {
      text: string;
      blocks: { type: string }[];
    };
    expect(slack.text).toContain('Firedrill is connected');
    expect(slack.text).toContain(`${served.url}/t/${team.id}#token=${team.memberToken}`);
    expect(slack.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    const teams = tests.find((p) => p.path.includes('teams'))!.body as {
      type: string;
      attachments: { contentType: string; content: { type: string; actions: { url: string }[] } }[];
    };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(teams.attachments[0]!.content.actions[0]!.url).toBe(
      `${served.url}/t/${team.id}#token=${team.memberToken}`,
    );
    expect(tests.find((p) => p.path === '/generic')!.body).toMatchObject({
      event: 'test',
      team: { id: team.id, name: 'Payments' },
      link: `${served.url}/t/${team.id}#token=${team.memberToken}`,
    });

    // A redirect is not followed, a silent receiver times out, a closed port is refused.
    const other = await createTeam(served.url, 'Probe');
    const probe = teamApi(served.url, other.id, other.adminToken);
    receiver.answer('/moved', 302);
    receiver.answer('/silent', 'hang');
    const cases = [
      [hook('/moved'), 'HTTP 302 (redirects are not followed)'],
      [hook('/silent'), 'timed out after 1 s'],
      ['http://127.0.0.1:9/closed', 'connection refused'],
    ] as const;
    for (const [url, error] of cases) {
      const { body: webhook } = await probe.post<WebhookView>('/webhooks', { format: 'generic', url });
      const started = performance.now();
      const result = await probe.post<WebhookTestResult>(`/webhooks/${webhook.id}/test`);
      expect(result.body).toEqual({ ok: false, error });
      expect(performance.now() - started).toBeLessThan(3_000);
      const shown = (await probe.get<WebhookView[]>('/webhooks')).body.find((w) => w.id === webhook.id)!;
      expect(shown.lastFailure).toMatchObject({ error, attempts: 1, event: 'test' });
    }
    expect(saying(receiver.postsTo('/moved'), 'Firedrill is connected')).toHaveLength(1);
  });

  it('posts one summary when a workshop ends: counts and the record link, never the walls', async () => {
    const workshop = await createTeamWorkshop(admin, 'November drill');
    const { endMs } = await runWorkshop(served.url, workshop, {
      play: 'turn',
      walls: {
        crappy: ['Secret crappy note about the pager', 'Dashboards nobody can open'],
        awesome: ['Runbook was great'],
        actions: [{ text: 'Alarm on queue depth', dueDate: '2099-01-01' }],
      },
    });
    expect(endMs).toBeLessThan(2_000);
    const summary = await eventually(() => {
      const found = ofEvent(receiver.postsTo('/generic'), 'summary');
      expect(found).toHaveLength(1);
      return found[0]!.body;
    }, 20_000);
    expect(summary).toMatchObject({
      team: { id: team.id, name: 'Payments' },
      link: `${served.url}/t/${team.id}/w/${workshop.id}#token=${team.memberToken}`,
      data: {
        workshopId: workshop.id,
        title: 'November drill',
        participants: 2,
        turns: 1,
        notes: { crappy: 2, awesome: 1 },
        actions: 1,
      },
    });
    expect(summary.text).toContain('Workshop ended: November drill');
    await eventually(
      () =>
        expect(saying(receiver.postsTo('/T000/B000/slack-secret-XyZ9'), 'Workshop ended')).toHaveLength(1),
      10_000,
    );
    for (const post of receiver.posts) {
      const text = JSON.stringify(post.body);
      for (const wallText of ['Secret crappy note', 'Dashboards nobody', 'Runbook was great', 'queue depth'])
        expect(text).not.toContain(wallText);
    }
    // Several scans later, still one per webhook.
    await sleep(3_000);
    expect(ofEvent(receiver.postsTo('/generic'), 'summary')).toHaveLength(1);
  });

  it('announces an open action past its due date once, with its owner and title', async () => {
    const [action] = (await member.get<ActionView[]>('/actions')).body;
    expect(action).toBeDefined();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await admin.patch(`/actions/${action!.id}`, { dueDate: yesterday })).status).toBe(200);
    const overdue = await eventually(() => {
      const found = ofEvent(receiver.postsTo('/generic'), 'overdue');
      expect(found).toHaveLength(1);
      return found[0]!.body;
    }, 15_000);
    expect(overdue.text).toContain(`Alarm on queue depth (Ann, due ${yesterday})`);
    expect(overdue.data).toEqual({
      actions: [{ id: action!.id, text: 'Alarm on queue depth', ownerName: 'Ann', dueDate: yesterday }],
    });
    await sleep(3_000);
    expect(ofEvent(receiver.postsTo('/generic'), 'overdue')).toHaveLength(1);
    expect(saying(receiver.postsTo('/teams-secret-AbC1'), 'past its due date')).toHaveLength(1);
  });

  it('reminds 15 minutes ahead with the join link of the workshop created for it', async () => {
    const other = await createTeam(served.url, 'Search');
    const admin2 = teamApi(served.url, other.id, other.adminToken);
    await admin2.post('/webhooks', { format: 'generic', url: hook('/search') });
    const created = (await admin2.post<CreatedWorkshop>('/workshops', { title: 'Search drill', cardIds: [] }))
      .body;
    const startsAt = new Date(Date.now() + 10 * 60_000);
    startsAt.setUTCSeconds(0, 0);
    expect((await admin2.patch('', { nextWorkshopAt: startsAt.toISOString() })).status).toBe(200);
    const reminder = await eventually(() => {
      const found = ofEvent(receiver.postsTo('/search'), 'reminder');
      expect(found).toHaveLength(1);
      return found[0]!.body;
    }, 15_000);
    expect(reminder.link).toBe(created.joinUrl);
    expect(reminder.text).toMatch(/Firedrill workshop in (9|10) minutes/);
    expect(reminder.text).toContain(`starts at ${startsAt.toISOString().slice(11, 16)} UTC`);
    expect(reminder.data).toMatchObject({ startsAt: startsAt.toISOString() });
    await sleep(3_000);
    expect(ofEvent(receiver.postsTo('/search'), 'reminder')).toHaveLength(1);

    // Without a workshop created for it, the reminder links to the team page.
    const third = await createTeam(served.url, 'Mobile');
    const admin3 = teamApi(served.url, third.id, third.adminToken);
    await admin3.post('/webhooks', { format: 'generic', url: hook('/mobile') });
    await admin3.patch('', { nextWorkshopAt: new Date(Date.now() + 5 * 60_000).toISOString() });
    const fallback = await eventually(() => {
      const found = ofEvent(receiver.postsTo('/mobile'), 'reminder');
      expect(found).toHaveLength(1);
      return found[0]!.body;
    }, 15_000);
    expect(fallback.link).toBe(`${served.url}/t/${third.id}#token=${third.memberToken}`);
  });

  it('announces the month’s survey once per team, to the webhooks it has, with no results to show yet', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const other = await createTeam(served.url, 'Survey');
    const surveyAdmin = teamApi(served.url, other.id, other.adminToken);
    const surveyMember = teamApi(served.url, other.id, other.memberToken);
    // Two answers this month: not enough to show anything, and this month's results are never posted.
    for (const key of ['survey-key-0000000001', 'survey-key-0000000002'])
      expect((await surveyMember.post('/survey', { score: 5, surveyKey: key })).status).toBe(201);
    await surveyAdmin.post('/webhooks', { format: 'generic', url: hook('/survey') });
    const survey = await eventually(() => {
      const found = ofEvent(receiver.postsTo('/survey'), 'survey');
      expect(found).toHaveLength(1);
      return found[0]!.body;
    }, 15_000);
    expect(survey).toMatchObject({
      link: `${served.url}/t/${other.id}#token=${other.memberToken}`,
      data: { month, previous: null },
    });
    expect(survey.text).toMatch(/confidence survey is open/);
    expect(survey.text).not.toMatch(/average|answers\./);
    await sleep(3_000);
    expect(receiver.postsTo('/survey')).toHaveLength(1);
  });

  it('retries a receiver answering 500 with growing delays until it succeeds', async () => {
    const other = await createTeam(served.url, 'Flaky');
    const flakyAdmin = teamApi(served.url, other.id, other.adminToken);
    receiver.answer('/flaky', [500, 500, 200]);
    // Adding the webhook makes this month's survey announcement due for the team.
    const { body: webhook } = await flakyAdmin.post<WebhookView>('/webhooks', {
      format: 'generic',
      url: hook('/flaky'),
    });
    const posts = await eventually(() => {
      const found = receiver.postsTo('/flaky');
      expect(found.map((p) => p.status)).toEqual([500, 500, 200]);
      return found;
    }, 20_000);
    const gaps = [posts[1]!.at - posts[0]!.at, posts[2]!.at - posts[1]!.at];
    console.log(`[webhooks ${driver}] retries of a receiver answering 500: gaps ${gaps.join(' ms, ')} ms`);
    // Backoff: the first retry after 1-2 s, the second after 2-4 s (plus polling).
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_900);
    const shown = (await flakyAdmin.get<WebhookView[]>('/webhooks')).body.find((w) => w.id === webhook.id)!;
    expect(shown.lastDeliveredAt).not.toBeNull();
    expect(shown.lastFailure).toMatchObject({
      error: 'HTTP 500',
      attempts: 2,
      gaveUp: false,
      event: 'survey',
    });
    expect(new Date(shown.lastDeliveredAt!).getTime()).toBeGreaterThan(
      new Date(shown.lastFailure!.at).getTime(),
    );
  });

  it('shows a receiver that always fails as failing, and the end command still answers at once', async () => {
    const other = await createTeam(served.url, 'Broken');
    const brokenAdmin = teamApi(served.url, other.id, other.adminToken);
    receiver.answer('/down', 500);
    receiver.answer('/hangs', 'hang');
    const { body: down } = await brokenAdmin.post<WebhookView>('/webhooks', {
      format: 'slack',
      url: hook('/down'),
    });
    await brokenAdmin.post<WebhookView>('/webhooks', { format: 'slack', url: hook('/hangs') });
    await brokenAdmin.post<WebhookView>('/webhooks', { format: 'generic', url: hook('/broken-ok') });
    const { endMs } = await runWorkshop(served.url, await createTeamWorkshop(brokenAdmin, 'Broken drill'), {
      play: 'turn',
      walls: { crappy: ['x'] },
    });
    console.log(
      `[webhooks ${driver}] end command with a failing and a hanging webhook: ${Math.round(endMs)} ms`,
    );
    expect(endMs).toBeLessThan(2_000);
    // The healthy webhook of the same team gets the summary although its neighbours fail.
    await eventually(
      () => expect(ofEvent(receiver.postsTo('/broken-ok'), 'summary')).toHaveLength(1),
      20_000,
    );
    const failure = await eventually(async () => {
      const shown = (await brokenAdmin.get<WebhookView[]>('/webhooks')).body.find((w) => w.id === down.id)!;
      expect(shown.lastFailure).toMatchObject({ error: 'HTTP 500', attempts: 3, gaveUp: true });
      return shown;
    }, 30_000);
    expect(failure.lastDeliveredAt).toBeNull();
    // Three attempts per message (one try, two retries), then the job ends failed: no more posts.
    await eventually(
      () => expect(saying(receiver.postsTo('/down'), 'Workshop ended')).toHaveLength(3),
      30_000,
    );
    await sleep(3_000);
    expect(saying(receiver.postsTo('/down'), 'Workshop ended')).toHaveLength(3);
    // The team page and API go on meanwhile.
    const started = performance.now();
    expect((await brokenAdmin.get('/webhooks')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('never writes a webhook URL to the log', () => {
    const output = served.server.output();
    expect(output).toContain('webhook.delivered');
    expect(output).toContain('webhook.failed');
    for (const secret of ['slack-secret-XyZ9', 'teams-secret-AbC1', '/generic', '/flaky', '/down'])
      expect(output).not.toContain(secret);
  });
});

describe.each(drivers)('webhook jobs across a restart on %s', (driver) => {
  it('delivers after kill -9 a message queued before it, and shows last month’s survey only from three answers', {
    timeout: 180_000,
  }, async () => {
    const receiver = await startWebhookReceiver();
    const database = await databaseFor(driver);
    let server = await startServer({ databaseUrl: database.url, env: notifyTestEnv });
    const dataDir = server.dataDir;
    try {
      const few = await createTeam(server.url, 'Few');
      const many = await createTeam(server.url, 'Many');
      const pending = await createTeam(server.url, 'Pending');
      await server.stop();
      // Last month: two answers for one team, three for the other (written as the survey writes them).
      const previous = new Date();
      previous.setUTCDate(1);
      previous.setUTCMonth(previous.getUTCMonth() - 1);
      const lastMonth = previous.toISOString().slice(0, 7);
      const db = await openDatabase({ url: database.url, dataDir });
      const tally = (teamId: string, counts: number[]) =>
        counts.map((count, i) => ({ teamId, month: lastMonth, score: i + 1, count }));
      await db.db
        .insert(surveyTallies)
        .values([...tally(few.id, [0, 0, 1, 1, 0]), ...tally(many.id, [0, 0, 1, 1, 1])]);
      await db.close();
      server = await startServer({ databaseUrl: database.url, dataDir, env: notifyTestEnv });

      // A receiver that is down: the survey announcement for 'Pending' fails once and waits for a retry.
      receiver.answer('/later', [503, 200]);
      await teamApi(server.url, pending.id, pending.adminToken).post('/webhooks', {
        format: 'generic',
        url: `${receiver.url}/later`,
      });
      await eventually(() => expect(receiver.postsTo('/later')).toHaveLength(1), 15_000);
      await sleep(200); // the failed attempt is recorded and the retry scheduled
      await server.kill();
      server = await startServer({ databaseUrl: database.url, dataDir, env: notifyTestEnv });
      await eventually(
        () => expect(receiver.postsTo('/later').map((p) => p.status)).toEqual([503, 200]),
        20_000,
      );
      expect(receiver.postsTo('/later')[1]!.body.event).toBe('survey');

      for (const [t, path] of [
        [few, '/few'],
        [many, '/many'],
      ] as const)
        await teamApi(server.url, t.id, t.adminToken).post('/webhooks', {
          format: 'generic',
          url: `${receiver.url}${path}`,
        });
      const fewPost = await eventually(() => receiver.postsTo('/few')[0]!.body, 15_000);
      const manyPost = await eventually(() => receiver.postsTo('/many')[0]!.body, 15_000);
      expect(fewPost.data).toMatchObject({ previous: null });
      expect(fewPost.text).not.toMatch(/average/);
      expect(manyPost.data).toMatchObject({ previous: { month: lastMonth, answers: 3, mean: 4 } });
      expect(manyPost.text).toContain('4.0 on average from 3 answers');
    } finally {
      await server.stop();
      await receiver.close();
      await database.drop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { CreatedWorkshop, WorkshopRecord } from '../../server/contract/http-workshop';
import { createWorkshop } from '../helpers/clients';
import { drivers } from '../helpers/databases';
import { relaxedLimits } from '../helpers/server-process';
import { useServer } from '../helpers/use-server';

type Answer = {
  status: number;
  retryAfter: string | null;
  body: { error?: { code: string; message: string } };
};

/** A request as if it came from `from` (the test is the trusted proxy), or straight from 127.0.0.1. */
async function call(
  url: string,
  init: { body?: unknown; token?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.from ? { 'x-forwarded-for': init.from } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

const join = (
  baseUrl: string,
  workshop: CreatedWorkshop,
  name: string,
  from?: string,
  joinToken = workshop.joinToken,
) => call(`${baseUrl}/api/workshops/${workshop.id}/participants`, { body: { name, joinToken }, from });

const expectLimited = (answer: Answer) => {
  expect(answer.status).toBe(429);
  expect(answer.body.error?.code).toBe('RATE_LIMITED');
  expect(answer.body.error?.message).toMatch(/Try again in \d+ (s|minutes)\.$/);
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
};

describe.each(drivers)('the participant cap on %s', (driver) => {
  const served = useServer({ driver, env: { MAX_PARTICIPANTS: '50' } });

  it('admits exactly 50 of 60 people joining at once; the others are told the workshop is full and nothing of them is stored', async () => {
    const workshop = await createWorkshop(served.url);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => join(served.url, workshop, `Person ${i}`)),
    );
    const admitted = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(admitted).toHaveLength(50);
    expect(refused).toHaveLength(10);
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.body.error?.code).toBe('WORKSHOP_FULL');
      expect(answer.body.error?.message).toMatch(/^This workshop is full: it already has 50 participants/);
    }
    const record = await call(`${served.url}/api/workshops/${workshop.id}`, {
      token: workshop.facilitatorToken,
    });
    const people = (record.body as unknown as WorkshopRecord).participants;
    expect(people.filter((person) => person.role === 'participant')).toHaveLength(50);
    expect(people).toHaveLength(51);
    // One more, later, is refused too.
    expect((await join(served.url, workshop, 'Latecomer')).status).toBe(409);
  });
});

describe('rate limits per address and per workshop', () => {
  const served = useServer({
    env: {
      TRUSTED_PROXIES: '127.0.0.1/32',
      RATE_LIMITS:
        'join-per-address=3/60,join-per-workshop=5/60,wrong-token-per-address=3/600,create-per-address=3/3600',
    },
  });

  it('refuses a fourth join from one address within a minute, with Retry-After, and not joins from elsewhere', async () => {
    const workshop = await createWorkshop(served.url, {});
    for (let i = 0; i < 3; i++)
      expect((await join(served.url, workshop, `A${i}`, '198.51.100.1')).status).toBe(201);
    const fourth = await join(served.url, workshop, 'A3', '198.51.100.1');
    expectLimited(fourth);
    expect(Number(fourth.retryAfter)).toBeLessThanOrEqual(60);
    expect((await join(served.url, workshop, 'B0', '198.51.100.2')).status).toBe(201);
  });

  it('refuses a sixth join into one workshop within a minute, from whatever address', async () => {
    const workshop = await createWorkshop(served.url, {});
    for (let i = 0; i < 5; i++)
      expect((await join(served.url, workshop, `P${i}`, `203.0.113.${i + 1}`)).status).toBe(201);
    expectLimited(await join(served.url, workshop, 'P5', '203.0.113.99'));
    const record = await call(`${served.url}/api/workshops/${workshop.id}`, {
      token: workshop.facilitatorToken,
    });
    expect((record.body as unknown as WorkshopRecord).participants).toHaveLength(6);
  });

  it('after three wrong tokens, refuses even the right token from that address for a while', async () => {
    const workshop = await createWorkshop(served.url, {});
    const from = '192.0.2.50';
    for (let i = 0; i < 3; i++)
      expect((await join(served.url, workshop, 'Guesser', from, `guess-${i}`)).status).toBe(401);
    const right = await join(served.url, workshop, 'Guesser', from);
    expectLimited(right);
    expect(Number(right.retryAfter)).toBeGreaterThan(500);
    expectLimited(
      await call(`${served.url}/api/workshops/${workshop.id}`, { token: workshop.facilitatorToken, from }),
    );
    expect(
      (
        await call(`${served.url}/api/workshops/${workshop.id}`, {
          token: workshop.facilitatorToken,
          from: '192.0.2.51',
        })
      ).status,
    ).toBe(200);
  });

  it('caps teams and workshops created from one address per hour', async () => {
    const from = '198.51.100.77';
    for (let i = 0; i < 2; i++)
      expect((await call(`${served.url}/api/workshops`, { body: { title: `W${i}` }, from })).status).toBe(
        201,
      );
    expect((await call(`${served.url}/api/teams`, { body: { name: 'Payments' }, from })).status).toBe(201);
    expectLimited(await call(`${served.url}/api/workshops`, { body: { title: 'W3' }, from }));
    expectLimited(await call(`${served.url}/api/teams`, { body: { name: 'Search' }, from }));
    expect(
      (await call(`${served.url}/api/workshops`, { body: { title: 'Elsewhere' }, from: '198.51.100.78' }))
        .status,
    ).toBe(201);
  });
});

describe('the client address without a trusted proxy', () => {
  const served = useServer({ env: { RATE_LIMITS: `${relaxedLimits},create-per-address=2/3600` } });

  it('ignores X-Forwarded-For and a client-sent address header: every request counts for the socket address', async () => {
    const create = (i: number) =>
      call(`${served.url}/api/workshops`, {
        body: { title: `W${i}` },
        from: `198.51.100.${i}`,
        headers: { 'x-firedrill-client-address': `203.0.113.${i}` },
      });
    expect((await create(1)).status).toBe(201);
    expect((await create(2)).status).toBe(201);
    expectLimited(await create(3));
  });
});

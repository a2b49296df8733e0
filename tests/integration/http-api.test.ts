import { describe, expect, it } from 'vitest';
import type { WorkshopRecord } from '../../server/contract/http-workshop';
import { createWorkshop, eventually, joinWorkshop, postJson } from '../helpers/clients';
import { drivers } from '../helpers/databases';
import { createTeam } from '../helpers/team';
import { useServer } from '../helpers/use-server';

describe.each(drivers)('HTTP API on %s', (driver) => {
  const served = useServer({ driver });

  const get = async (id: string, token?: string) => {
    const response = await fetch(`${served.url}/api/workshops/${id}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      body: (await response.json()) as WorkshopRecord & { error?: { code: string } },
    };
  };

  it('creates a workshop with defaults, links and 256-bit tokens', async () => {
    const created = await createWorkshop(served.url, {
      title: 'November drill',
      scenarios: [
        {
          title: 'Checkout 500s',
          summary: 'Alarm at 02:10',
          evidence: [{ kind: 'alert', label: 'Pager', body: '5xx > 5%' }],
        },
      ],
    });
    expect(created.facilitatorToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.joinToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.facilitatorUrl).toBe(`${served.url}/w/${created.id}#token=${created.facilitatorToken}`);
    expect(created.joinUrl).toBe(`${served.url}/join/${created.id}#token=${created.joinToken}`);

    const { status, body } = await get(created.id, created.facilitatorToken);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      title: 'November drill',
      durationMinutes: 60,
      reflectionMinutes: 15,
      phase: 'lobby',
    });
    expect(body.you.role).toBe('facilitator');
    expect(body.joinUrl).toBe(created.joinUrl);
    expect(body.scenarios[0]?.evidence).toEqual([{ kind: 'alert', label: 'Pager', body: '5xx > 5%' }]);
  });

  it('admits a participant with the join token and gives them a token of their own', async () => {
    const created = await createWorkshop(served.url);
    const joined = await joinWorkshop(served.url, created, '  Ann  ');
    const { status, body } = await get(created.id, joined.participantToken);
    expect(status).toBe(200);
    expect(body.you).toEqual({ role: 'participant', participantId: joined.participantId, name: 'Ann' });
    expect(body.participants.map((p) => p.name)).toEqual(['Facilitator', 'Ann']);
    // The back of the cards and the join link are the facilitator's alone.
    expect(body.joinUrl).toBeUndefined();
  });

  it('serves the record to the join token too, as a guest', async () => {
    const created = await createWorkshop(served.url);
    const { status, body } = await get(created.id, created.joinToken);
    expect(status).toBe(200);
    expect(body.you.role).toBe('guest');
  });

  it('refuses a wrong, missing or foreign token with the same 401', async () => {
    const a = await createWorkshop(served.url);
    const b = await createWorkshop(served.url);
    for (const token of [undefined, 'nope', b.facilitatorToken]) {
      const { status, body } = await get(a.id, token);
      expect(status).toBe(401);
      expect(body.error?.code).toBe('UNAUTHORIZED');
    }
    expect((await get('no-such-workshop', a.facilitatorToken)).status).toBe(401);
  });

  it('answers bad input with a 4xx JSON error and writes nothing', async () => {
    const created = await createWorkshop(served.url);
    const participantsUrl = `${served.url}/api/workshops/${created.id}/participants`;
    const cases: [string, unknown, number, string][] = [
      [`${served.url}/api/workshops`, '{"title": ', 400, 'INVALID_JSON'],
      [`${served.url}/api/workshops`, {}, 400, 'BAD_REQUEST'],
      [`${served.url}/api/workshops`, { title: 'x', durationMinutes: 'sixty' }, 400, 'BAD_REQUEST'],
      [
        `${served.url}/api/workshops`,
        { title: 'x', durationMinutes: 30, reflectionMinutes: 30 },
        400,
        'BAD_REQUEST',
      ],
      [`${served.url}/api/workshops`, { title: 'x'.repeat(300_000) }, 413, 'PAYLOAD_TOO_LARGE'],
      [participantsUrl, { name: '', joinToken: created.joinToken }, 400, 'BAD_REQUEST'],
      [participantsUrl, { name: 'Eve', joinToken: 'guess' }, 401, 'UNAUTHORIZED'],
      [participantsUrl, { name: 'Eve', joinToken: created.joinToken.slice(0, -1) }, 401, 'UNAUTHORIZED'],
      [
        `${served.url}/api/workshops/unknown/participants`,
        { name: 'Eve', joinToken: created.joinToken },
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [url, body, status, code] of cases) {
      const response = await postJson<{ error: { code: string; message: string } }>(url, body);
      expect({ url, status: response.status, code: response.body.error.code }).toEqual({ url, status, code });
      expect(response.body.error.message.length).toBeGreaterThan(5);
    }
    const record = await get(created.id, created.facilitatorToken);
    expect(record.body.participants).toHaveLength(1);
  });

  it('answers JSON nested to any depth with 400 INVALID_JSON and one warn line without a stack', async () => {
    const team = await createTeam(served.url, 'Nesting');
    const routes = [
      '/api/workshops',
      '/api/teams',
      `/api/teams/${team.id}/survey`,
      `/api/teams/${team.id}/cards`,
    ];
    const bodies = [
      `${'['.repeat(33)}${']'.repeat(33)}`,
      `${'{"title":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ];
    for (const route of routes)
      for (const body of bodies) {
        const seen = served.server.logs.length;
        const response = await fetch(`${served.url}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminToken}` },
          body,
        });
        const answer = (await response.json()) as { error: { code: string; message: string } };
        expect([route, response.status, answer.error.code]).toEqual([route, 400, 'INVALID_JSON']);
        expect(answer.error.message).toMatch(/nests deeper than 32 levels/);
        const line = await served.server.waitForLog(
          (l) => served.server.logs.indexOf(l) >= seen && l.event === 'http.refused',
        );
        const loud = served.server.logs.slice(seen).filter((l) => Number(l.level) >= 40);
        expect(loud).toEqual([line]);
        expect(line).toMatchObject({ level: 40, code: 'INVALID_JSON', status: 400 });
        expect(JSON.stringify(line)).not.toMatch(/stack|RangeError/);
      }
    // 32 levels is still JSON the routes read (and then judge by their schema).
    const shallow = await postJson(
      `${served.url}/api/workshops`,
      JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`),
    );
    expect(shallow.status).toBe(400);
    expect((shallow.body as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('reports the database state on /healthz', async () => {
    const response = await fetch(`${served.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { driver, ok: true } });
  });

  it('never writes a token to the logs', async () => {
    const created = await createWorkshop(served.url);
    const joined = await joinWorkshop(served.url, created, 'Bo');
    await get(created.id, joined.participantToken);
    const output = served.server.output();
    for (const secret of [created.facilitatorToken, created.joinToken, joined.participantToken]) {
      expect(output).not.toContain(secret);
    }
    await eventually(() =>
      expect(
        served.server.logs.some((l) => l.event === 'workshop.created' && l.workshopId === created.id),
      ).toBe(true),
    );
  });
});

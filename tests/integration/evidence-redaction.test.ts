import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../server/contract/errors';
import type { CreatedTeam, LibraryCardView } from '../../server/contract/team';
import { createTeam, teamApi } from '../helpers/team';
import { useServer } from '../helpers/use-server';

const EMAIL = 'ops.lead@customer-corp.com';
const TOKEN = 'ghp_9fK2mQ7xLp4RtW8zVb3NcY6hJd1sA5eU0gTi';

const card = (evidence: Record<string, unknown>[]) => ({ title: 'Queue stuck', evidence });

/** The server checks evidence again, whatever the browser did: nothing unredacted is stored by mistake. */
describe('the server refuses unredacted evidence', () => {
  const served = useServer();
  let team: CreatedTeam;
  let admin: ReturnType<typeof teamApi>;
  const cards = async () => (await admin.get<LibraryCardView[]>('/cards')).body;

  beforeAll(async () => {
    team = await createTeam(served.url);
    admin = teamApi(served.url, team.id, team.adminToken);
  });

  it('refuses a card whose text or label holds a likely secret, names what and where, and stores nothing', async () => {
    const answer = await admin.post<{ error: ApiError }>(
      '/cards',
      card([
        { kind: 'chat', label: 'Support', body: 'all fine' },
        { kind: 'log', label: 'Replay', body: `curl -H "Authorization: token ${TOKEN}" by ${EMAIL}` },
      ]),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues).toEqual([
      {
        path: 'evidence.1',
        message: expect.stringMatching(/^holds 1 e-mail address and 1 API key or token: redact or keep/),
      },
    ]);
    const label = await admin.post<{ error: ApiError }>(
      '/cards',
      card([{ kind: 'image', label: `Screenshot from ${EMAIL}`, body: 'img_unknown' }]),
    );
    expect(label.status).toBe(400);
    expect(label.body.error.issues?.[0]?.message).toMatch(/e-mail address/);
    expect(await cards()).toEqual([]);
  });

  it('stores a value the author kept on purpose, and placeholders as they are', async () => {
    const saved = await admin.post<{ id: string }>(
      '/cards',
      card([
        { kind: 'chat', label: 'Support', body: `${EMAIL} reported it, token <token-1>`, kept: [EMAIL] },
      ]),
    );
    expect(saved.status).toBe(201);
    const [stored] = await cards();
    expect(stored?.evidence).toEqual([
      { kind: 'chat', label: 'Support', body: `${EMAIL} reported it, token <token-1>`, kept: [EMAIL] },
    ]);

    // An edit that adds a token nobody kept is refused; the card stays as it was.
    const edit = await admin.put<{ error: ApiError }>(
      `/cards/${saved.body.id}`,
      card([{ kind: 'chat', label: 'Support', body: `${EMAIL} sent ${TOKEN}`, kept: [EMAIL] }]),
    );
    expect(edit.status).toBe(400);
    expect((await cards())[0]?.evidence[0]?.body).toBe(`${EMAIL} reported it, token <token-1>`);
  });

  it('redacts an imported deck on the way in, keeping what the file kept, and says how many it replaced', async () => {
    const markdown = [
      '# Leaked key',
      '',
      '## Evidence',
      '',
      '### log: Deploy log',
      '',
      '```',
      `pushed by ${EMAIL} with ${TOKEN}`,
      `then ${EMAIL} again`,
      '```',
      '',
    ].join('\n');
    const imported = await admin.post<{ imported: number; redacted: number }>(
      '/library',
      markdown,
      'text/markdown',
    );
    expect(imported.body).toEqual({ imported: 1, redacted: 2 });
    const leaked = (await cards()).find((c) => c.title === 'Leaked key');
    expect(leaked?.evidence[0]?.body).toBe('pushed by <email-1> with <token-1>\nthen <email-1> again');

    const json = JSON.stringify({
      format: 'firedrill-library',
      version: 1,
      cards: [card([{ kind: 'chat', label: 'Kept', body: `ask ${EMAIL}`, kept: [EMAIL] }])],
    });
    const kept = await admin.post<{ imported: number; redacted: number }>(
      '/library',
      json,
      'application/json',
    );
    expect(kept.body).toEqual({ imported: 1, redacted: 0 });
  });

  it('refuses a workshop created with unredacted scenario evidence', async () => {
    const response = await fetch(`${served.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Ad hoc',
        scenarios: [{ title: 'Leak', summary: '', evidence: [{ kind: 'text', label: 'Mail', body: EMAIL }] }],
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: ApiError }).error.issues?.[0]?.path).toBe(
      'scenarios.0.evidence.0',
    );
  });
});

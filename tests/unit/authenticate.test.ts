import { describe, expect, it } from 'vitest';
import { rememberingAuthenticate } from '../../server/access/authenticate';
import { hashToken } from '../../server/domain/tokens';
import type { WorkshopRepository } from '../../server/persistence/workshop-repository';

/** A workshop's rows in memory, counting the reads a connection storm would cost. */
function repoOf(people: { id: string; token: string }[]) {
  const reads = { list: 0, byToken: 0, workshop: 0 };
  let down = false;
  const rows = () =>
    people.map((p) => ({
      id: p.id,
      name: p.id,
      role: 'participant' as const,
      tokenHash: hashToken(p.token),
    }));
  const fail = () =>
    Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
  const repo = {
    listParticipants: async () => (down ? fail() : (reads.list++, rows())),
    findWorkshop: async () => (down ? fail() : (reads.workshop++, { joinTokenHash: hashToken('join') })),
    findParticipantByTokenHash: async (_w: string, hash: Uint8Array) =>
      down
        ? fail()
        : (reads.byToken++, rows().find((r) => Buffer.from(r.tokenHash).equals(Buffer.from(hash)))),
  } as unknown as WorkshopRepository;
  return { repo, reads, people, goDown: () => (down = true) };
}

describe('authentication of the live endpoints', () => {
  it('a storm of 40 connections to one workshop reads its participants once, and no token one by one', async () => {
    const { repo, reads } = repoOf(Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, token: `t${i}` })));
    const auth = rememberingAuthenticate(repo);
    const sessions = await Promise.all(Array.from({ length: 40 }, (_, i) => auth('w1', `t${i}`)));
    expect(sessions.map((s) => s.participantId)).toEqual(Array.from({ length: 40 }, (_, i) => `p${i}`));
    expect(await auth('w1', 'join')).toMatchObject({ role: 'guest', participantId: null });
    expect(reads).toEqual({ list: 1, byToken: 0, workshop: 1 });
  });

  it('someone who joined since is looked up once; a wrong token is refused', async () => {
    const { repo, reads, people } = repoOf([{ id: 'fay', token: 'f' }]);
    const auth = rememberingAuthenticate(repo);
    await auth('w1', 'f');
    people.push({ id: 'ann', token: 'a' });
    const [first, second] = await Promise.all([auth('w1', 'a'), auth('w1', 'a')]);
    expect([first.participantId, second.participantId]).toEqual(['ann', 'ann']);
    await auth('w1', 'a');
    expect(reads.byToken).toBe(1);
    await expect(auth('w1', 'wrong')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('while the database is away, those it admitted get back in and a token never seen is told to retry', async () => {
    const { repo, goDown } = repoOf([
      { id: 'fay', token: 'f' },
      { id: 'ann', token: 'a' },
    ]);
    const auth = rememberingAuthenticate(repo);
    await auth('w1', 'f');
    goDown();
    expect((await auth('w1', 'a')).participantId).toBe('ann');
    await expect(auth('w1', 'never-seen')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(auth('w2', 'f')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

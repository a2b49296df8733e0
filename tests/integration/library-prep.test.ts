import { afterAll, describe, expect, it } from 'vitest';
import { STARTER_DECK } from '../../server/content/starter-deck';
import type { ApiError } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type {
  AddedStarterDeck,
  LibraryCardView,
  LibraryReadiness,
  TeamView,
  TeamWorkshopView,
} from '../../server/contract/team';
import { eventually } from '../helpers/clients';
import { drivers } from '../helpers/databases';
import type { Cleanups } from '../helpers/room-clients';
import { runWorkshop } from '../helpers/run-workshop';
import { createTeam, teamApi } from '../helpers/team';
import { useServer } from '../helpers/use-server';

type TeamApi = ReturnType<typeof teamApi>;

const card = (
  title: string,
  evidence = [{ kind: 'log', label: 'Service log', body: `${title}: ERROR` }],
) => ({
  title,
  summary: `${title} at 02:10.`,
  evidence,
});

describe.each(drivers)('library preparation on %s', (driver) => {
  const served = useServer({ driver });
  const cleanups: Cleanups = [];
  afterAll(() => {
    for (const cleanup of cleanups) cleanup();
  });

  /** A new team and its two links' clients. */
  const newTeam = async (name: string) => {
    const team = await createTeam(served.url, name);
    return {
      team,
      admin: teamApi(served.url, team.id, team.adminToken),
      member: teamApi(served.url, team.id, team.memberToken),
    };
  };

  /**
   * Builds a workshop of the team from `cardIds`, lets `people` join, and ends it; with `play`, the
   * first person draws the only card and takes a turn with it first. Waits until the team's history
   * shows it ended, so workshops end in the order they are run.
   */
  const runToEnd = async (admin: TeamApi, cardIds: string[], people: string[], play: boolean) => {
    const created = await admin.post<CreatedWorkshop>('/workshops', { title: 'Drill', cardIds });
    expect(created.status).toBe(201);
    const workshop = created.body;
    await runWorkshop(served.url, workshop, { people, play: play ? 'draw' : 'none' });
    await eventually(async () => {
      const { body } = await admin.get<{ workshops: TeamWorkshopView[] }>('/workshops');
      expect(body.workshops.find((w) => w.id === workshop.id)?.endedAt).toEqual(expect.any(String));
    });
  };

  it('adds the starter deck for the admin only, once, as editable cards with evidence', async () => {
    const { admin, member } = await newTeam('Starters');
    const empty = (await member.get<LibraryReadiness>('/library/readiness')).body;
    expect(empty).toMatchObject({ cards: 0, ready: 0, starterDeckAvailable: STARTER_DECK.length });

    const refused = await member.post<{ error: ApiError }>('/starter-deck');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_FACILITATOR');
    expect((await teamApi(served.url, 'no-such-team', 'nope').post('/starter-deck')).status).toBe(401);
    expect((await member.get<LibraryCardView[]>('/cards')).body).toEqual([]);

    const first = await admin.post<AddedStarterDeck>('/starter-deck');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ added: STARTER_DECK.length, skipped: 0 });
    expect(first.body.added).toBeGreaterThanOrEqual(12);
    const again = await admin.post<AddedStarterDeck>('/starter-deck');
    expect(again.body).toEqual({ added: 0, skipped: STARTER_DECK.length });

    const cards = (await member.get<LibraryCardView[]>('/cards')).body;
    expect(cards.map((c) => c.title).sort()).toEqual(STARTER_DECK.map((c) => c.title).sort());
    for (const stored of cards) {
      const original = STARTER_DECK.find((c) => c.title === stored.title)!;
      expect(stored).toMatchObject({ ...original, runCount: 0, hints: ['never-run'], archived: false });
      expect(stored.evidence.length).toBeGreaterThanOrEqual(2);
    }
    expect((await member.get<LibraryReadiness>('/library/readiness')).body).toMatchObject({
      cards: STARTER_DECK.length,
      ready: STARTER_DECK.length,
      starterDeckAvailable: 0,
    });

    // An archived starter card still counts as there; a renamed one does not, so it comes back.
    const [archived, renamed] = cards;
    expect((await admin.post(`/cards/${archived!.id}/archive`, { archived: true })).status).toBe(200);
    const { summary, tags, severity, happenedOn, evidence } = renamed!;
    const edited = { title: 'Our own version', summary, tags, severity, happenedOn, evidence };
    expect((await admin.put(`/cards/${renamed!.id}`, edited)).status).toBe(200);
    expect((await member.get<LibraryReadiness>('/library/readiness')).body.starterDeckAvailable).toBe(1);
    expect((await admin.post<AddedStarterDeck>('/starter-deck')).body).toEqual({
      added: 1,
      skipped: STARTER_DECK.length - 1,
    });
    const all = (await member.get<LibraryCardView[]>('/cards?archived=1')).body;
    expect(all).toHaveLength(STARTER_DECK.length + 1);
    expect(all.filter((c) => c.title === renamed!.title)).toHaveLength(1);
    expect(all.filter((c) => c.title === archived!.title)).toHaveLength(1);
  });

  it('adds the deck only once when two clicks arrive together', async () => {
    const { admin } = await newTeam('Double click');
    const answers = await Promise.all([
      admin.post<AddedStarterDeck>('/starter-deck'),
      admin.post<AddedStarterDeck>('/starter-deck'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.added).sort((a, b) => a - b)).toEqual([0, STARTER_DECK.length]);
    expect((await admin.get<LibraryCardView[]>('/cards')).body).toHaveLength(STARTER_DECK.length);
  });

  it('hints cards with no evidence, never run and run in the last two workshops, and sums them up for the people expected', async () => {
    const { admin, member } = await newTeam('Hints');
    const ids: Record<string, string> = {};
    for (const title of ['Ran long ago', 'Ran last time', 'Never drawn']) {
      ids[title] = (await admin.post<{ id: string }>('/cards', card(title))).body.id;
    }
    ids.Bare = (await admin.post<{ id: string }>('/cards', card('Bare', []))).body.id;
    ids.Archived = (await admin.post<{ id: string }>('/cards', card('Archived', []))).body.id;
    await admin.post(`/cards/${ids.Archived}/archive`, { archived: true });

    const before = (await member.get<LibraryReadiness>('/library/readiness')).body;
    expect(before).toMatchObject({
      cards: 4,
      expectedParticipants: null,
      expectedFrom: null,
      scenariosNeeded: null,
      toWrite: null,
      ready: 3,
    });

    // Three workshops: the oldest plays one card, the middle one has a card in its deck nobody draws,
    // the last one plays another card with three people in the room (the facilitator included).
    await runToEnd(admin, [ids['Ran long ago']!], ['Ann'], true);
    await runToEnd(admin, [ids['Never drawn']!], ['Ann'], false);
    await runToEnd(admin, [ids['Ran last time']!], ['Ann', 'Bo'], true);

    const hintsOf = async () =>
      Object.fromEntries(
        (await member.get<LibraryCardView[]>('/cards?archived=1')).body.map((c) => [c.title, c.hints]),
      );
    expect(await hintsOf()).toEqual({
      'Ran long ago': [],
      'Ran last time': ['recently-run'],
      'Never drawn': ['never-run'],
      Bare: ['no-evidence', 'never-run'],
      Archived: ['no-evidence', 'never-run'],
    });
    expect((await member.get<LibraryReadiness>('/library/readiness')).body).toEqual({
      cards: 4,
      hintCounts: { 'no-evidence': 1, 'never-run': 2, 'recently-run': 1 },
      expectedParticipants: 3,
      expectedFrom: 'last-workshop',
      scenariosNeeded: 6,
      ready: 2,
      toWrite: 4,
      starterDeckAvailable: STARTER_DECK.length,
    });

    // The admin sets the people expected; bad numbers and the member link change nothing.
    const zero = await admin.patch<{ error: ApiError }>('', { expectedParticipants: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe('BAD_REQUEST');
    expect((await admin.patch('', { expectedParticipants: 2.5 })).status).toBe(400);
    expect((await admin.patch('', { expectedParticipants: 51 })).status).toBe(400);
    expect((await member.patch('', { expectedParticipants: 9 })).status).toBe(403);
    expect((await member.get<TeamView>('')).body.expectedParticipants).toBeNull();

    const set = await admin.patch<TeamView>('', { expectedParticipants: 2 });
    expect(set.status).toBe(200);
    expect(set.body.expectedParticipants).toBe(2);
    expect((await member.get<TeamView>('')).body.expectedParticipants).toBe(2);
    expect((await member.get<LibraryReadiness>('/library/readiness')).body).toMatchObject({
      expectedParticipants: 2,
      expectedFrom: 'team',
      scenariosNeeded: 4,
      ready: 2,
      toWrite: 2,
    });

    // Evidence added to the bare card makes it ready; clearing the number falls back to last time.
    const bare = (await member.get<LibraryCardView[]>('/cards')).body.find((c) => c.title === 'Bare')!;
    await admin.put(`/cards/${bare.id}`, card('Bare', [{ kind: 'alert', label: 'Pager', body: 'Disk 95%' }]));
    expect(
      (await admin.patch<TeamView>('', { expectedParticipants: null })).body.expectedParticipants,
    ).toBeNull();
    expect((await member.get<LibraryReadiness>('/library/readiness')).body).toMatchObject({
      hintCounts: { 'no-evidence': 0, 'never-run': 2, 'recently-run': 1 },
      expectedParticipants: 3,
      expectedFrom: 'last-workshop',
      ready: 3,
      toWrite: 3,
    });
    expect((await teamApi(served.url, 'no-such-team', 'nope').get('/library/readiness')).status).toBe(401);
  });
});

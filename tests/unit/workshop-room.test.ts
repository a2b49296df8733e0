import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDocName } from '../../server/contract/doc-names';
import type { WorkshopSummary } from '../../server/contract/http-workshop';
import type { Card } from '../../server/domain/context';
import type { WorkshopRecordRows } from '../../server/domain/record';
import { DocRegistry } from '../../server/live/doc-registry';
import { localSequencer } from '../../server/live/local';
import { MemoryDocStore, memoryDocTables } from '../../server/live/memory-doc-store';
import type { Member, RoomRecords, RoomTeams, RoomWorkshops, TeamChanges } from '../../server/live/ports';
import { WorkshopService } from '../../server/live/workshop-room';
import { seedDeck } from '../helpers/domain';

const silent = pino({ level: 'silent' });
const W = 'w1';

/** A room with two people (fac leads, ann joins), eight cards, a steerable clock and random source. */
function seedRoom(options: { failRecordWrites?: number } = {}) {
  const tables = memoryDocTables();
  const store = new MemoryDocStore(tables);
  const registry = new DocRegistry(store, silent, { idleUnloadMs: 10 });
  const people: Member[] = [
    { id: 'fac', name: 'Fay', role: 'facilitator' },
    { id: 'ann', name: 'Ann', role: 'participant' },
  ];
  const cards: Card[] = [...seedDeck(8).values()];
  const inserted: Card[] = [];
  const workshops: RoomWorkshops = {
    findWorkshop: async () => ({ teamId: 'team1', durationMinutes: 60, reflectionMinutes: 15 }),
    listParticipants: async () => people,
    listScenarios: async () => [...cards, ...inserted],
    insertScenario: async (row) => void inserted.push(row),
  };
  const teams: RoomTeams = { listActions: async () => [], updateAction: async () => true };
  const written: WorkshopRecordRows[] = [];
  let failures = options.failRecordWrites ?? 0;
  let attempts = 0;
  const records: RoomRecords = {
    async writeRecord(_id, rows) {
      attempts++;
      if (failures-- > 0) throw new Error('the database blinked');
      written.push(rows);
    },
    readSummary: async () =>
      written.length > 0 ? ({ workshopId: W } as unknown as WorkshopSummary) : undefined,
  };
  const online = new Set(['fac', 'ann']);
  const announced: string[][] = [];
  const teamChanges: TeamChanges = { announce: (_team, topics) => void announced.push([...topics]) };
  const clock = { now: 1_000_000 };
  const random = { next: 0 };
  const ended: string[] = [];
  const service = new WorkshopService({
    registry,
    workshops,
    teams,
    records,
    log: silent,
    presence: { online: async () => new Set(online), connections: async () => [] },
    teamChanges,
    sequencer: localSequencer,
    claimAfterMs: 60_000,
    now: () => clock.now,
    randomInt: () => random.next,
    recordRetryDelayMs: () => 0,
    onEnded: (id) => ended.push(id),
  });
  return {
    service,
    store,
    tables,
    registry,
    online,
    clock,
    random,
    inserted,
    written,
    announced,
    ended,
    attempts: () => attempts,
  };
}

let rooms: ReturnType<typeof seedRoom>[] = [];
const room = (options?: Parameters<typeof seedRoom>[0]) => {
  const made = seedRoom(options);
  rooms.push(made);
  return made;
};
afterEach(async () => {
  await Promise.all(rooms.map((r) => r.registry.unloadAll()));
  rooms = [];
});

describe('workshop room, without a server', () => {
  it('a hat draw takes the card the random source picks and hands it to the participant', async () => {
    const { service } = room();
    expect(await service.run(W, 'fac', 'phase:set', { phase: 'draw' })).toEqual({ ok: true, value: null });
    const hat = service.peekState(W)!.hat;
    expect(hat).toHaveLength(8);

    const { random } = rooms[0]!;
    random.next = 2;
    const ack = await service.run(W, 'fac', 'hat:draw', { participantId: 'ann' });
    expect(ack.ok).toBe(true);
    const state = service.peekState(W)!;
    expect(state.draws).toEqual([
      expect.objectContaining({ cardId: hat[2], participantId: 'ann', drawnAt: 1_000_000 }),
    ]);
    expect(state.hat).toEqual(hat.filter((_, i) => i !== 2));
  });

  it('a refused command changes nothing: not the state, not the log, not the tables', async () => {
    const { service, tables, inserted } = room();
    await service.run(W, 'fac', 'phase:set', { phase: 'draw' });
    const before = structuredClone(service.peekState(W));
    const logged = tables.updates.get(buildDocName(W, 'state'))?.length ?? 0;

    const refused = await service.run(W, 'ann', 'phase:set', { phase: 'reflect' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
    const addCard = await service.run(W, 'ann', 'hat:add-card', {
      title: 'Pager storm',
      summary: 'x',
      evidence: [],
    });
    expect(addCard.ok).toBe(false);

    expect(service.peekState(W)).toEqual(before);
    expect(tables.updates.get(buildDocName(W, 'state'))?.length ?? 0).toBe(logged);
    expect(inserted).toEqual([]);
  });

  it('the roster shows who is online; the facilitator gone long enough can be claimed, not sooner', async () => {
    const { service, online, clock } = room();
    expect(await service.presenceChanged(W)).toEqual([
      { id: 'fac', name: 'Fay', online: true },
      { id: 'ann', name: 'Ann', online: true },
    ]);

    online.delete('fac');
    expect((await service.presenceChanged(W)).find((p) => p.id === 'fac')?.online).toBe(false);
    expect(service.peekState(W)!.facilitatorAwaySince).toBe(1_000_000);
    clock.now += 30_000;
    expect(await service.run(W, 'ann', 'role:claim', {})).toMatchObject({ ok: false });
    expect(service.peekState(W)!.facilitatorId).toBe('fac');

    clock.now += 30_000;
    expect((await service.run(W, 'ann', 'role:claim', {})).ok).toBe(true);
    expect(service.peekState(W)!.facilitatorId).toBe('ann');
    expect(await service.facilitatorId(W)).toBe('ann');
  });

  it('the facilitator coming back stops the claim clock', async () => {
    const { service, online } = room();
    online.delete('fac');
    await service.presenceChanged(W);
    expect(service.peekState(W)!.facilitatorAwaySince).not.toBeNull();
    online.add('fac');
    await service.presenceChanged(W);
    expect(service.peekState(W)!.facilitatorAwaySince).toBeNull();
  });

  it('ending the workshop writes its record once, after a failed first attempt, and tells the team once', async () => {
    const { service, written, announced, ended, attempts } = room({ failRecordWrites: 1 });
    expect((await service.run(W, 'fac', 'workshop:end', {})).ok).toBe(true);
    await expect.poll(() => written.length).toBe(1);
    expect(attempts()).toBe(2);
    expect(written[0]!.endedAt).toBeInstanceOf(Date);
    expect(announced).toEqual([['workshops', 'actions', 'team']]);
    expect(ended).toEqual([W]);

    // Asking for the summary of a recorded workshop reads it; nothing is written again.
    expect(await service.summary(W)).toEqual({ workshopId: W });
    expect(written).toHaveLength(1);
    expect(await service.run(W, 'fac', 'workshop:end', {})).toMatchObject({ ok: false });
    expect(attempts()).toBe(2);
  });
});

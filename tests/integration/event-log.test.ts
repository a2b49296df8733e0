import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { createWorkshopSchema } from '../../server/contract/http-workshop';
import { EventLog } from '../../server/persistence/event-log';
import { EventQueries } from '../../server/persistence/event-queries';
import { WorkshopRepository } from '../../server/persistence/workshop-repository';
import { insertWorkshop } from '../../server/use-cases/create-workshop';
import { drivers } from '../helpers/databases';
import { tempDataDir } from '../helpers/server-process';
import { silent, useStoreOnDatabase } from '../helpers/store-on-database';

describe.each(drivers)('workshop event log on %s', (driver) => {
  const ctx = useStoreOnDatabase(driver);
  const seedWorkshop = async () =>
    (
      await insertWorkshop(
        new WorkshopRepository(ctx.database.db),
        createWorkshopSchema.parse({ title: 'Events' }),
        'http://x',
      )
    ).id;

  it('writes the events of known workshops only, cleaned, and keeps the newest per workshop', async () => {
    const id = await seedWorkshop();
    const log = new EventLog(ctx.database.db, silent, { batchMs: 5, keepPerWorkshop: 20 });
    log.record({ workshopId: 'no-such-workshop', event: 'socket.refused', detail: { code: 'UNAUTHORIZED' } });
    log.record({
      workshopId: id,
      event: 'yjs.refused',
      detail: { code: 4422, reason: `bad\u0000root\n${'x'.repeat(300)}` },
    });
    await log.flush();
    const queries = new EventQueries(ctx.database.db);
    const [refusal] = await queries.recent(id);
    expect(refusal?.detail).toEqual({ code: 4422, reason: `badroot${'x'.repeat(193)}` });
    expect(await queries.recent('no-such-workshop')).toEqual([]);

    for (let n = 0; n < 60; n++) log.record({ workshopId: id, event: 'command', detail: { n } });
    await log.flush();
    const kept = await queries.recent(id);
    expect(kept.map((e) => e.detail.n)).toEqual([...Array(20).keys()].map((i) => i + 40));
    await log.close();
  });

  it('gives each person their joins, recent joins, last leave and last clock report', async () => {
    const id = await seedWorkshop();
    let now = Date.parse('2026-01-01T10:00:00Z');
    const log = new EventLog(ctx.database.db, silent, { batchMs: 5, now: () => now });
    const at = (minute: number, record: () => void) => {
      now = Date.parse('2026-01-01T10:00:00Z') + minute * 60_000;
      record();
    };
    at(0, () => log.record({ workshopId: id, participantId: 'ann', event: 'participant.joined' }));
    at(1, () =>
      log.record({
        workshopId: id,
        participantId: 'ann',
        event: 'participant.clock',
        detail: { rttMs: 80, offsetMs: 5 },
      }),
    );
    at(8, () => log.record({ workshopId: id, participantId: 'ann', event: 'participant.left' }));
    at(9, () => log.record({ workshopId: id, participantId: 'ann', event: 'participant.joined' }));
    at(9, () =>
      log.record({
        workshopId: id,
        participantId: 'ann',
        event: 'participant.clock',
        detail: { rttMs: 40, offsetMs: -7 },
      }),
    );
    at(10, () => log.record({ workshopId: id, participantId: 'ann', event: 'participant.left' }));
    at(10, () =>
      log.record({ workshopId: id, participantId: 'ben', event: 'command', detail: { command: 'x' } }),
    );
    await log.flush();
    const history = await new EventQueries(ctx.database.db).connectionHistory(
      id,
      Date.parse('2026-01-01T10:05:00Z'),
    );
    expect(history.get('ann')).toEqual({
      participantId: 'ann',
      joins: 2,
      recentJoins: 1,
      firstJoinAt: Date.parse('2026-01-01T10:00:00Z'),
      lastLeftAt: Date.parse('2026-01-01T10:10:00Z'),
      lastClock: { rttMs: 40, offsetMs: -7, at: Date.parse('2026-01-01T10:09:00Z') },
    });
    expect(history.get('ben')).toMatchObject({ joins: 0, firstJoinAt: null, lastClock: null });
    await log.close();
  });

  it('never throws and holds a bounded queue while the database is gone', async () => {
    const dataDir = tempDataDir();
    const gone = await openDatabase({ dataDir });
    await gone.close();
    const log = new EventLog(gone.db, silent, { batchMs: 5, maxQueued: 50 });
    for (let n = 0; n < 500; n++) log.record({ workshopId: 'w', event: 'command', detail: { n } });
    await log.flush();
    expect(log.backlog).toBeLessThanOrEqual(50);
    expect(log.droppedCount).toBeGreaterThanOrEqual(450);
    await log.close(100);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

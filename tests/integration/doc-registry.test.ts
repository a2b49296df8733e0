import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { DocumentStore } from '../../server/persistence/document-store';
import { DocRegistry } from '../../server/realtime/doc-registry';
import { eventually } from '../helpers/clients';
import { databaseFor, drivers, type TestDatabase } from '../helpers/databases';
import { tempDataDir } from '../helpers/server-process';

const silent = pino({ level: 'silent' });

describe.each(drivers)('document registry on %s', (driver) => {
  let testDb: TestDatabase;
  let database: Database;
  let dataDir: string;
  let store: DocumentStore;

  beforeEach(async () => {
    testDb = await databaseFor(driver);
    dataDir = tempDataDir();
    database = await openDatabase({ url: testDb.url, dataDir });
    store = new DocumentStore(database.db, silent, { batchDelayMs: 5, maxRetryDelayMs: 50 });
  });
  afterEach(async () => {
    await store.close(1_000);
    await database.close();
    await testDb.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('unloads an idle document even while the database is down, and loses none of its edits', async () => {
    const registry = new DocRegistry(store, silent, { idleUnloadMs: 20, flushWaitMs: 200 });
    const live = await registry.acquire('doc');
    await database.db.execute(sql`alter table yjs_updates rename to yjs_updates_away`);
    live.doc.getText('t').insert(0, 'written while the database was down');
    registry.release(live);
    await eventually(() => expect(registry.size).toBe(0), 3_000);
    await eventually(() => expect(live.doc.isDestroyed).toBe(true), 3_000);
    expect(store.backlog).toBe(1);

    // Once the database is back, the queue drains into it and the document loads whole.
    await database.db.execute(sql`alter table yjs_updates_away rename to yjs_updates`);
    await eventually(() => expect(store.backlog).toBe(0), 5_000);
    const again = await registry.acquire('doc');
    expect(again.doc.getText('t').toString()).toBe('written while the database was down');
    registry.release(again);
    await registry.unloadAll();
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DocRegistry } from '../../server/live/doc-registry';
import { eventually } from '../helpers/clients';
import { drivers } from '../helpers/databases';
import { silent, useStoreOnDatabase } from '../helpers/store-on-database';

describe.each(drivers)('document registry on %s', (driver) => {
  const ctx = useStoreOnDatabase(driver);

  it('unloads an idle document even while the database is down, and loses none of its edits', async () => {
    const registry = new DocRegistry(ctx.store, silent, { idleUnloadMs: 20, flushWaitMs: 200 });
    const live = await registry.acquire('doc');
    await ctx.database.db.execute(sql`alter table yjs_updates rename to yjs_updates_away`);
    live.doc.getText('t').insert(0, 'written while the database was down');
    registry.release(live);
    await eventually(() => expect(registry.size).toBe(0), 3_000);
    await eventually(() => expect(live.doc.isDestroyed).toBe(true), 3_000);
    expect(ctx.store.backlog).toBe(1);

    // Once the database is back, the queue drains into it and the document loads whole.
    await ctx.database.db.execute(sql`alter table yjs_updates_away rename to yjs_updates`);
    await eventually(() => expect(ctx.store.backlog).toBe(0), 5_000);
    const again = await registry.acquire('doc');
    expect(again.doc.getText('t').toString()).toBe('written while the database was down');
    registry.release(again);
    await registry.unloadAll();
  });
});

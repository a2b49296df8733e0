import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Database, openDatabase } from '../../db/client';
import { type DocStore, updatesOf } from '../../server/live/doc-store';
import { MemoryDocStore, memoryDocTables } from '../../server/live/memory-doc-store';
import { DocumentStore } from '../../server/persistence/document-store';
import { eventually } from '../helpers/clients';
import { databaseFor, drivers } from '../helpers/databases';
import { tempDataDir } from '../helpers/server-process';
import { silent, useStoreOnDatabase } from '../helpers/store-on-database';

/**
 * A storage under test, shared by a suite's tests (each uses its own document names), with what the
 * suite needs to look behind the store.
 */
interface Storage {
  /** A new store on the storage, as a process has; closed when the test ends. */
  open(): DocStore;
  /** Rows in a document's update log, as the storage itself holds them. */
  logRows(docName: string): Promise<number>;
  /** Runs `work` in one of the storage's transactions (the memory store has none). */
  transaction<T>(work: (tx: unknown) => Promise<T>): Promise<T>;
  /** Closes every open store (writing what they queued) and the storage, and opens the storage again. */
  restart(): Promise<void>;
  /** Closes the stores opened since the last call. */
  closeStores(): Promise<void>;
  /** Closes everything and throws the storage away. */
  dispose(): Promise<void>;
}

const options = { batchDelayMs: 5, maxRetryDelayMs: 50 };

/** What every storage does with the stores it opened. */
function storesOf(make: () => DocStore) {
  let open: DocStore[] = [];
  return {
    open: () => {
      const store = make();
      open.push(store);
      return store;
    },
    closeStores: async () => {
      for (const store of open) await store.close(1_000);
      open = [];
    },
  };
}

function memoryStorage(): Storage {
  const tables = memoryDocTables();
  const stores = storesOf(() => new MemoryDocStore(tables));
  return {
    ...stores,
    logRows: async (name) => tables.updates.get(name)?.length ?? 0,
    transaction: (work) => work(undefined),
    restart: stores.closeStores,
    dispose: stores.closeStores,
  };
}

async function databaseStorage(driver: 'pglite' | 'postgres'): Promise<Storage> {
  const testDb = await databaseFor(driver);
  const dataDir = tempDataDir();
  let database: Database = await openDatabase({ url: testDb.url, dataDir });
  const stores = storesOf(() => new DocumentStore(database.db, silent, options));
  return {
    ...stores,
    logRows: async (name) => {
      const { rows } = await database.executeSql(
        'select count(*)::int as n from yjs_updates where doc_name = $1',
        [name],
      );
      return Number(rows[0]!.n);
    },
    transaction: (work) => database.db.transaction((tx) => work(tx)),
    restart: async () => {
      await stores.closeStores();
      await database.close();
      database = await openDatabase({ url: testDb.url, dataDir });
    },
    dispose: async () => {
      await stores.closeStores();
      await database.close();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Replays what the store returns into a fresh document. */
async function reload(store: DocStore, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of updatesOf(await store.load(name))) Y.applyUpdate(doc, update);
  return doc;
}

/** A document whose every change is appended to the store, as the registry does. */
function tracked(store: DocStore, name: string): Y.Doc {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => store.append(name, update));
  return doc;
}

/** Every update a document's changes produce, without storing them. */
function recorded(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

describe.each(['memory', ...drivers] as const)('document store contract on %s', (kind) => {
  let storage: Storage;
  /** The test's store, and the storage behind it. */
  const ctx = {
    store: undefined as unknown as DocStore,
    logRows: (name: string) => storage.logRows(name),
    transaction: <T>(work: (tx: unknown) => Promise<T>) => storage.transaction(work),
    another: () => storage.open(),
    reopen: async () => {
      await storage.restart();
      ctx.store = storage.open();
    },
  };
  beforeAll(async () => {
    storage = kind === 'memory' ? memoryStorage() : await databaseStorage(kind);
  });
  afterAll(() => storage.dispose());
  beforeEach(() => {
    ctx.store = storage.open();
  });
  afterEach(() => storage.closeStores());

  it('loads back every appended update, in order, per document', async () => {
    const a = tracked(ctx.store, 'doc-a');
    const b = tracked(ctx.store, 'doc-b');
    const list = a.getArray<number>('list');
    for (let i = 0; i < 50; i++) list.push([i]);
    b.getMap('m').set('k', 'v');
    await ctx.store.flush();
    expect(ctx.store.backlog).toBe(0);
    expect(await ctx.logRows('doc-a')).toBe(50);
    expect((await reload(ctx.store, 'doc-a')).getArray('list').toArray()).toEqual([...Array(50).keys()]);
    expect((await reload(ctx.store, 'doc-b')).getMap('m').get('k')).toBe('v');
    expect((await reload(ctx.store, 'unknown')).share.size).toBe(0);
  });

  it('includes updates not yet written when loading', async () => {
    const a = tracked(ctx.store, 'queued');
    a.getText('t').insert(0, 'not yet written');
    // No flush: a batching store still holds the write in its queue.
    expect((await reload(ctx.store, 'queued')).getText('t').toString()).toBe('not yet written');
    await ctx.store.flush();
    expect(ctx.store.backlog).toBe(0);
    expect((await reload(ctx.store, 'queued')).getText('t').toString()).toBe('not yet written');
  });

  it('merges the appends of several editors of one document', async () => {
    const alice = tracked(ctx.store, 'shared');
    const bob = tracked(ctx.store, 'shared');
    alice.getText('t').insert(0, 'alice ');
    bob.getText('t').insert(0, 'bob ');
    alice.getMap('m').set('by', 'alice');
    bob.getArray<string>('l').push(['b1', 'b2']);
    await ctx.store.flush();
    const merged = await reload(ctx.store, 'shared');
    const text = merged.getText('t').toString();
    expect(text.length).toBe('alice bob '.length);
    expect(text).toContain('alice ');
    expect(text).toContain('bob ');
    expect(merged.getMap('m').get('by')).toBe('alice');
    expect(merged.getArray('l').toArray()).toEqual(['b1', 'b2']);
  });

  it('compacts the log into a snapshot that keeps the content, with fewer rows', async () => {
    expect(await ctx.store.compact('compact')).toBe('empty');
    const doc = tracked(ctx.store, 'compact');
    const text = doc.getText('t');
    for (const word of ['alpha ', 'beta ', 'gamma ']) text.insert(text.length, word);
    await ctx.store.flush();
    expect(await ctx.logRows('compact')).toBe(3);
    expect(await ctx.store.compact('compact')).toBe('compacted');
    expect(await ctx.logRows('compact')).toBe(0);
    expect(await ctx.store.compact('compact')).toBe('empty');
    expect((await reload(ctx.store, 'compact')).getText('t').toString()).toBe('alpha beta gamma ');
    text.insert(text.length, 'delta');
    await ctx.store.flush();
    expect(await ctx.logRows('compact')).toBe(1);
    expect((await reload(ctx.store, 'compact')).getText('t').toString()).toBe('alpha beta gamma delta');
    expect(await ctx.store.compact('compact')).toBe('compacted');
    expect((await reload(ctx.store, 'compact')).getText('t').toString()).toBe('alpha beta gamma delta');
  });

  it('never compacts away a logged update the snapshot does not contain', async () => {
    const source = new Y.Doc();
    const updates = recorded(source);
    const text = source.getText('t');
    text.insert(0, 'first ');
    text.insert(6, 'second');
    // The first update never reached the log (a gap): the second depends on it and cannot be integrated.
    ctx.store.append('gap', updates[1]!);
    await ctx.store.flush();
    expect(await ctx.store.compact('gap')).toBe('empty');
    expect(await ctx.logRows('gap')).toBe(1);
    // Once the missing update is logged, both are folded in and the text is whole.
    ctx.store.append('gap', updates[0]!);
    await ctx.store.flush();
    expect(await ctx.store.compact('gap')).toBe('compacted');
    expect(await ctx.logRows('gap')).toBe(0);
    expect((await reload(ctx.store, 'gap')).getText('t').toString()).toBe('first second');
  });

  it('loses nothing of concurrent appends from two stores while compactions run', async () => {
    const stores = [ctx.store, ctx.another()];
    const editors = Array.from({ length: 8 }, (_, i) => tracked(stores[i % 2]!, 'busy-doc'));
    await Promise.all(
      editors.map(async (editor, i) => {
        for (let n = 0; n < 15; n++) {
          editor.getArray<string>('l').push([`${i}:${n}`]);
          await new Promise((resolve) => setTimeout(resolve, n % 3));
          if (n === 7 && i % 4 === 0) await stores[i % 2]!.compact('busy-doc');
        }
      }),
    );
    await Promise.all(stores.map((store) => store.flush()));
    for (const store of stores) {
      const items = (await reload(store, 'busy-doc')).getArray<string>('l').toArray();
      expect(items.length).toBe(8 * 15);
      expect(new Set(items).size).toBe(8 * 15);
    }
    expect(await ctx.store.compact('busy-doc')).toBe('compacted');
    expect((await reload(ctx.store, 'busy-doc')).getArray('l').length).toBe(8 * 15);
  });

  it('tells write listeners every row id, in arrival order', async () => {
    const ids: bigint[] = [];
    ctx.store.onWritten((name, id) => name === 'heard' && ids.push(id));
    const list = tracked(ctx.store, 'heard').getArray<number>('l');
    for (let i = 0; i < 5; i++) list.push([i]);
    await ctx.store.flush();
    expect(ids.length).toBe(5);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    const rows = (await ctx.store.load('heard')).rows.map((row) => row.id);
    expect(rows).toEqual(ids);
  });

  it('loads only what a catch-up lacks', async () => {
    const doc = tracked(ctx.store, 'catch-up');
    const text = doc.getText('t');
    text.insert(0, 'one ');
    text.insert(4, 'two ');
    await ctx.store.flush();
    const first = await ctx.store.load('catch-up');
    expect(await ctx.store.compact('catch-up')).toBe('compacted');
    text.insert(8, 'three');
    await ctx.store.flush();
    const all = await ctx.store.load('catch-up');
    expect(all.snapshot).toBeDefined();
    expect(all.rows.length).toBe(1);
    const known = { snapshotThrough: all.snapshot!.through, ids: all.rows.map((row) => row.id) };
    const nothing = await ctx.store.load('catch-up', undefined, known);
    expect(nothing.snapshot).toBeUndefined();
    expect(nothing.rows).toEqual([]);
    // A copy that applied only the first rows gets the snapshot, and none of the rows it has seen.
    const behind = await ctx.store.load('catch-up', undefined, {
      snapshotThrough: 0n,
      ids: first.rows.map((row) => row.id),
    });
    expect(behind.snapshot?.through).toBe(all.snapshot!.through);
    expect(behind.rows.map((row) => row.id)).toEqual(all.rows.map((row) => row.id));
  });

  it("writes an update inside the caller's transaction, heard only once noted", async () => {
    const heard: bigint[] = [];
    ctx.store.onWritten((_name, id) => heard.push(id));
    const source = new Y.Doc();
    const updates = recorded(source);
    source.getMap('state').set('phase', 'draw');
    const id = await ctx.transaction((tx) => ctx.store.appendIn(tx, 'state', updates[0]!));
    expect(heard).toEqual([]);
    ctx.store.noteWritten('state', id);
    expect(heard).toEqual([id]);
    const stored = await ctx.store.load('state');
    expect(stored.rows.map((row) => row.id)).toEqual([id]);
    expect((await reload(ctx.store, 'state')).getMap('state').get('phase')).toBe('draw');
  });

  it('is seen whole by a reopened store, queued updates included', async () => {
    const doc = tracked(ctx.store, 'restart');
    const text = doc.getText('t');
    text.insert(0, 'before compaction ');
    await ctx.store.flush();
    expect(await ctx.store.compact('restart')).toBe('compacted');
    text.insert(text.length, 'after');
    // No flush: closing writes what is queued.
    await ctx.reopen();
    expect((await reload(ctx.store, 'restart')).getText('t').toString()).toBe('before compaction after');
    expect(await ctx.logRows('restart')).toBe(1);
  });

  it('refuses bytes that are not a Yjs update with a clear error, and stores nothing', async () => {
    const bad = [new Uint8Array(), new Uint8Array([1, 2, 3]), new TextEncoder().encode('hello world')];
    for (const data of bad) {
      expect(() => ctx.store.append('bad', data)).toThrow(/not a Yjs update for document "bad"/);
      await expect(ctx.transaction((tx) => ctx.store.appendIn(tx, 'bad', data))).rejects.toThrow(
        /not a Yjs update/,
      );
    }
    expect(() => ctx.store.append('bad', 'text' as unknown as Uint8Array)).toThrow(/not bytes/);
    expect(ctx.store.backlog).toBe(0);
    await ctx.store.flush();
    expect(await ctx.logRows('bad')).toBe(0);
    expect(await ctx.store.load('bad')).toEqual({ rows: [], queued: [] });
  });

  it('refuses appends once closed, and stores nothing of them', async () => {
    const doc = tracked(ctx.store, 'closing');
    doc.getText('t').insert(0, 'kept');
    await ctx.store.close();
    expect(ctx.store.backlog).toBe(0);
    expect(() => doc.getText('t').insert(4, ' lost')).toThrow('document store is closed');
    await ctx.reopen();
    expect((await reload(ctx.store, 'closing')).getText('t').toString()).toBe('kept');
    expect(await ctx.logRows('closing')).toBe(1);
  });
});

// A database can be away; only the database stores have a write that can fail.
describe.each(drivers)('document store on %s while the database is away', (driver) => {
  const ctx = useStoreOnDatabase(driver);

  it('keeps retrying a failed write, in order, and loses nothing', async () => {
    const doc = tracked(ctx.store, 'retry');
    await ctx.database.db.execute(sql`alter table yjs_updates rename to yjs_updates_away`);
    const list = doc.getArray<string>('l');
    list.push(['first']);
    list.push(['second']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(ctx.store.backlog).toBe(2);
    await ctx.database.db.execute(sql`alter table yjs_updates_away rename to yjs_updates`);
    await eventually(() => expect(ctx.store.backlog).toBe(0), 5_000);
    expect((await reload(ctx.store, 'retry')).getArray('l').toArray()).toEqual(['first', 'second']);
  });
});

// Two processes share one document log only on PostgreSQL.
describe('document store compaction on PostgreSQL', () => {
  const ctx = useStoreOnDatabase('postgres');

  it('leaves a document alone while another process compacts it', async () => {
    const doc = tracked(ctx.store, 'busy');
    doc.getText('t').insert(0, 'kept');
    await ctx.store.flush();
    const other = postgres(ctx.url!, { max: 1, onnotice: () => {} });
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${'yjs-compact:busy'}))`;
        expect(await ctx.store.compact('busy')).toBe('busy');
      });
      expect(await ctx.store.compact('busy')).toBe('compacted');
    } finally {
      await other.end();
    }
    expect((await reload(ctx.store, 'busy')).getText('t').toString()).toBe('kept');
  });
});

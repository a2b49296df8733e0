import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updatesOf } from '../../server/live/doc-store';
import type { DocumentStore } from '../../server/persistence/document-store';
import { eventually } from '../helpers/clients';
import { drivers } from '../helpers/databases';
import { useStoreOnDatabase } from '../helpers/store-on-database';

/** Replays what the store returns into a fresh document. */
async function reload(store: DocumentStore, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of updatesOf(await store.load(name))) Y.applyUpdate(doc, update);
  return doc;
}

/** A document whose every change is appended to the store, as the registry does. */
function tracked(store: DocumentStore, name: string): Y.Doc {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => store.append(name, update));
  return doc;
}

describe.each(drivers)('document store contract on %s', (driver) => {
  const ctx = useStoreOnDatabase(driver);

  it('loads back every appended update, in order, per document', async () => {
    const a = tracked(ctx.store, 'doc-a');
    const b = tracked(ctx.store, 'doc-b');
    const list = a.getArray<number>('list');
    for (let i = 0; i < 50; i++) list.push([i]);
    b.getMap('m').set('k', 'v');
    await ctx.store.flush();
    expect((await reload(ctx.store, 'doc-a')).getArray('list').toArray()).toEqual([...Array(50).keys()]);
    expect((await reload(ctx.store, 'doc-b')).getMap('m').get('k')).toBe('v');
    expect((await reload(ctx.store, 'unknown')).share.size).toBe(0);
  });

  it('includes updates still queued in memory when loading', async () => {
    const a = tracked(ctx.store, 'queued');
    a.getText('t').insert(0, 'not yet written');
    // No flush: the write is still waiting for its batch.
    expect((await reload(ctx.store, 'queued')).getText('t').toString()).toBe('not yet written');
  });

  it('compacts the log into a snapshot without losing later updates', async () => {
    const doc = tracked(ctx.store, 'compact');
    const text = doc.getText('t');
    for (const word of ['alpha ', 'beta ', 'gamma ']) text.insert(text.length, word);
    await ctx.store.flush();
    expect(await ctx.store.compact('compact')).toBe('compacted');
    text.insert(text.length, 'delta');
    await ctx.store.flush();
    const rows = await ctx.database.db.execute(
      sql`select count(*)::int as n from yjs_updates where doc_name = 'compact'`,
    );
    const count = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0] as { n: number };
    expect(count.n).toBe(1);
    expect((await reload(ctx.store, 'compact')).getText('t').toString()).toBe('alpha beta gamma delta');
  });

  it('never compacts away a logged update the snapshot does not contain', async () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    const text = source.getText('t');
    text.insert(0, 'first ');
    text.insert(6, 'second');
    // The first update never reached the log (a gap): the second depends on it and cannot be integrated.
    ctx.store.append('gap', updates[1]!);
    await ctx.store.flush();
    expect(await ctx.store.compact('gap')).toBe('empty');
    const count = async () => {
      const result = await ctx.database.db.execute(
        sql`select count(*)::int as n from yjs_updates where doc_name = 'gap'`,
      );
      return (
        (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows)[0] as { n: number }
      ).n;
    };
    expect(await count()).toBe(1);
    // Once the missing update is logged, both are folded in and the text is whole.
    ctx.store.append('gap', updates[0]!);
    await ctx.store.flush();
    expect(await ctx.store.compact('gap')).toBe('compacted');
    expect(await count()).toBe(0);
    expect((await reload(ctx.store, 'gap')).getText('t').toString()).toBe('first second');
  });

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

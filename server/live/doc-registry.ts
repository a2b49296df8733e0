import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type DocStore, type StoredDoc, updatesOf } from './doc-store';
import type { LiveHooks } from './hooks';
import { applyRemote, encodeOwnAwareness, type LiveDoc, openLiveDoc, REMOTE } from './live-doc';
import { localSync } from './local';
import type { DocSync, SequencedDocs } from './ports';

export { type LiveDoc, type Peer, REMOTE } from './live-doc';

interface Entry {
  live: LiveDoc;
  holders: number;
  unloadTimer?: NodeJS.Timeout;
  updatesSinceCompaction: number;
  compacting?: Promise<void>;
  /** Log rows already in this document: a catch-up applies only the others. */
  appliedIds: Set<bigint>;
  /** The newest snapshot applied (its `through`); a newer one is applied on catch-up. */
  snapshotThrough: bigint;
}

/** Tuning of the registry. */
export interface DocRegistryOptions {
  /** How long a document stays in memory after its last holder left. Default 30 s. */
  idleUnloadMs?: number;
  /** Compact the update log into a snapshot after this many updates. Default 500. */
  compactEvery?: number;
  /** Longest wait for queued writes when unloading; the document is dropped after it either way. Default 5 s. */
  flushWaitMs?: number;
  /** How other processes hear of this one's updates. Default: nobody (one process). */
  sync?: DocSync;
  /** Told (`updateAccepted`) of every update this process accepted (not those it relays for others). */
  hooks?: LiveHooks;
}

/**
 * Loads documents on first use, relays their updates to peers, persists and publishes every update
 * a client of this process sent (exactly once: what comes from the sync or the log is only relayed),
 * compacts as the log grows and unloads idle documents. Unloading happens whether or not the last
 * compaction worked: queued updates stay in the store's queue.
 */
export class DocRegistry implements SequencedDocs {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly idleUnloadMs: number;
  private readonly compactEvery: number;
  private readonly flushWaitMs: number;
  private readonly sync: DocSync;
  private readonly onAccepted: (docName: string) => void;

  constructor(
    private readonly store: DocStore,
    private readonly log: Logger,
    options: DocRegistryOptions = {},
  ) {
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000;
    this.compactEvery = options.compactEvery ?? 500;
    this.flushWaitMs = options.flushWaitMs ?? 5_000;
    this.sync = options.sync ?? localSync;
    this.onAccepted = (docName) => options.hooks?.updateAccepted?.(docName);
    store.onWritten((name, id) => this.entries.get(name)?.appliedIds.add(id));
  }

  /** Documents in memory now. */
  get size(): number {
    return this.entries.size;
  }

  /** Names of the documents in memory now. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The document if it is in memory now, without holding it. */
  peek(name: string): LiveDoc | undefined {
    return this.entries.get(name)?.live;
  }

  /** The loaded document, holding it in memory until `release`. */
  async acquire(name: string): Promise<LiveDoc> {
    const entry = this.entries.get(name) ?? (await this.load(name));
    entry.holders++;
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    return entry.live;
  }

  /** Lets go of a document taken with `acquire`; the last release starts the idle timer. */
  release(live: LiveDoc): void {
    const entry = this.entries.get(live.name);
    if (!entry || entry.live !== live) return;
    entry.holders--;
    if (entry.holders > 0) return;
    entry.unloadTimer = setTimeout(() => void this.unload(entry), this.idleUnloadMs);
  }

  /** Runs `change` on a document (loading it if needed) as one transaction with the given origin. */
  async update(name: string, origin: unknown, change: (doc: Y.Doc) => void): Promise<void> {
    const live = await this.acquire(name);
    try {
      Y.transact(live.doc, () => change(live.doc), origin);
    } finally {
      this.release(live);
    }
  }

  /**
   * Applies whatever the log holds that this process's copy of the document lacks (rows written by
   * other processes, a newer snapshot). `db` may be a transaction: a command catches its state
   * document up under its lock before deciding.
   */
  async catchUp(live: LiveDoc, db?: unknown): Promise<void> {
    const entry = this.entries.get(live.name);
    if (!entry || entry.live !== live) return;
    const stored = await this.store.load(live.name, db, {
      snapshotThrough: entry.snapshotThrough,
      ids: entry.appliedIds,
    });
    if (entry.live.doc.isDestroyed) return;
    const missing: Uint8Array[] = [];
    if (stored.snapshot && stored.snapshot.through > entry.snapshotThrough) {
      missing.push(stored.snapshot.data);
      entry.snapshotThrough = stored.snapshot.through;
    }
    for (const row of stored.rows) {
      entry.appliedIds.add(row.id);
      missing.push(row.data);
    }
    // Ids the snapshot covers are mostly compacted away; forgetting one still in the log only means
    // applying it once more.
    if (entry.appliedIds.size > 2 * this.compactEvery) {
      for (const id of entry.appliedIds) if (id <= entry.snapshotThrough) entry.appliedIds.delete(id);
    }
    if (missing.length > 0) this.applyRemote(entry, missing);
  }

  /**
   * Something held for `live` builds on content it lacks: resolves once the other processes' writes
   * were looked for, or undefined when there are none.
   */
  lookForMissing(live: LiveDoc): Promise<void> | undefined {
    return this.sync.lookForMissing(live.name);
  }

  /**
   * Takes a change that is already in the log (a command committed it as row `id`): relays it to
   * this process's clients and tells the other processes, without writing it again.
   */
  applyCommitted(live: LiveDoc, update: Uint8Array, id: bigint): void {
    const entry = this.entries.get(live.name);
    entry?.appliedIds.add(id);
    this.onAccepted(live.name);
    Y.applyUpdate(live.doc, update, REMOTE);
    this.sync.publish(live.name, 'update', update);
  }

  /** Compacts and drops every document, for shutdown. */
  async unloadAll(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    await Promise.all([...this.entries.values()].map((entry) => this.unload(entry)));
  }

  private load(name: string): Promise<Entry> {
    let loading = this.loading.get(name);
    if (!loading) {
      loading = this.loadFromStore(name).finally(() => this.loading.delete(name));
      this.loading.set(name, loading);
    }
    return loading;
  }

  private async loadFromStore(name: string): Promise<Entry> {
    const started = performance.now();
    // Heard before reading the log, so nothing falls between the two; what arrives meanwhile waits.
    let ready: Entry | undefined;
    const early: Uint8Array[] = [];
    await this.sync.open(name, {
      update: (update) => (ready ? this.applyRemote(ready, [update]) : early.push(update)),
      awareness: (update) => {
        if (ready) awarenessProtocol.applyAwarenessUpdate(ready.live.awareness, update, REMOTE);
      },
      ownAwareness: () => (ready ? encodeOwnAwareness(ready.live) : undefined),
      catchUp: () =>
        ready && this.entries.get(name) === ready ? this.catchUp(ready.live) : Promise.resolve(),
    });
    let stored: StoredDoc;
    try {
      stored = await this.store.load(name);
    } catch (error) {
      this.sync.close(name);
      throw error;
    }
    const entry: Entry = {
      live: openLiveDoc(name, [...updatesOf(stored), ...early], {
        accepted: (update) => {
          this.onAccepted(name);
          this.store.append(name, update);
          this.sync.publish(name, 'update', update);
          if (++entry.updatesSinceCompaction >= this.compactEvery) this.scheduleCompaction(entry);
        },
        ownAwareness: (update) => this.sync.publish(name, 'awareness', update),
      }),
      holders: 0,
      updatesSinceCompaction: stored.rows.length,
      appliedIds: new Set(stored.rows.map((row) => row.id)),
      snapshotThrough: stored.snapshot?.through ?? 0n,
    };
    this.entries.set(name, entry);
    ready = entry;
    if (stored.rows.length >= this.compactEvery) this.scheduleCompaction(entry);
    this.sync.loaded(name);
    this.log.debug(
      {
        event: 'doc.loaded',
        docName: name,
        updates: stored.rows.length,
        ms: Math.round(performance.now() - started),
      },
      'document loaded',
    );
    return entry;
  }

  private applyRemote(entry: Entry, updates: Uint8Array[]): void {
    try {
      applyRemote(entry.live, updates);
    } catch (error) {
      this.log.error({ event: 'bus.apply_failed', docName: entry.live.name, err: error }, 'could not apply');
    }
  }

  private scheduleCompaction(entry: Entry): void {
    if (entry.compacting) return;
    entry.updatesSinceCompaction = 0;
    // Off the hot path: the relay of the update that crossed the threshold is not delayed.
    entry.compacting = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.compact(entry))
      .finally(() => {
        entry.compacting = undefined;
      });
  }

  private async compact(entry: Entry): Promise<void> {
    try {
      await this.store.compact(entry.live.name);
    } catch (error) {
      this.log.error(
        { event: 'persistence.compact_failed', docName: entry.live.name, err: error },
        'compaction failed',
      );
    }
  }

  private async unload(entry: Entry): Promise<void> {
    const { live } = entry;
    if (this.entries.get(live.name) !== entry) return;
    clearTimeout(entry.unloadTimer);
    this.sync.close(live.name);
    // Removed first, so a connection arriving now loads a fresh copy (store + queue) instead of this one.
    this.entries.delete(live.name);
    try {
      await entry.compacting;
      // While the database is down the store keeps retrying the queued updates on its own (and loads
      // include them); the document itself is let go after a bounded wait instead of being held.
      const flushed = await Promise.race([
        this.store.flush().then(() => true),
        new Promise<false>((resolve) => setTimeout(resolve, this.flushWaitMs, false).unref()),
      ]);
      if (flushed) await this.compact(entry);
      else
        this.log.warn(
          { event: 'doc.unloaded_unflushed', docName: live.name },
          'unloading with writes still queued',
        );
    } finally {
      live.awareness.destroy();
      live.doc.destroy();
      this.log.debug({ event: 'doc.unloaded', docName: live.name }, 'document unloaded');
    }
  }
}

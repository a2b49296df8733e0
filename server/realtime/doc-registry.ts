import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentStore } from '../persistence/document-store';
import { encodeAwarenessMessage, encodeUpdateMessage } from './yjs-messages';

/** One end of a live connection, as the registry sees it: Hocuspocus-style, transport-free. */
export interface Peer {
  /** Identity of the person behind the connection (used for awareness ownership). */
  readonly participantId: string;
  send(message: Uint8Array): void;
}

/** A document in memory with the peers connected to it. */
export interface LiveDoc {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers: Set<Peer>;
  /** Which peer controls each awareness client id: a peer may only speak for its own ids. */
  readonly awarenessOwners: Map<number, Peer>;
}

interface Entry {
  live: LiveDoc;
  holders: number;
  unloadTimer?: NodeJS.Timeout;
  updatesSinceCompaction: number;
  compacting?: Promise<void>;
}

/** Tuning of the registry. */
export interface DocRegistryOptions {
  /** How long a document stays in memory after its last holder left. Default 30 s. */
  idleUnloadMs?: number;
  /** Compact the update log into a snapshot after this many updates. Default 500. */
  compactEvery?: number;
  /** Longest wait for queued writes when unloading; the document is dropped after it either way. Default 5 s. */
  flushWaitMs?: number;
}

/**
 * Loads documents on first use, relays their updates to peers (encoded once, the same bytes to
 * all), persists every update, compacts as the log grows and unloads idle documents. Unloading
 * happens whether or not the last compaction worked: queued updates stay in the store's queue.
 */
export class DocRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly idleUnloadMs: number;
  private readonly compactEvery: number;
  private readonly flushWaitMs: number;

  constructor(
    private readonly store: DocumentStore,
    private readonly log: Logger,
    options: DocRegistryOptions = {},
  ) {
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000;
    this.compactEvery = options.compactEvery ?? 500;
    this.flushWaitMs = options.flushWaitMs ?? 5_000;
  }

  /** Documents in memory now. */
  get size(): number {
    return this.entries.size;
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
    const { updates, logLength } = await this.store.load(name);
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const live: LiveDoc = { name, doc, awareness, peers: new Set(), awarenessOwners: new Map() };
    const entry: Entry = { live, holders: 0, updatesSinceCompaction: logLength };

    doc.on('update', (update: Uint8Array) => {
      this.store.append(name, update);
      const message = encodeUpdateMessage(update);
      for (const peer of live.peers) peer.send(message);
      if (++entry.updatesSinceCompaction >= this.compactEvery) this.scheduleCompaction(entry);
    });
    awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      const message = encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
      for (const peer of live.peers) peer.send(message);
    });

    this.entries.set(name, entry);
    if (logLength >= this.compactEvery) this.scheduleCompaction(entry);
    this.log.debug(
      {
        event: 'doc.loaded',
        docName: name,
        updates: updates.length,
        ms: Math.round(performance.now() - started),
      },
      'document loaded',
    );
    return entry;
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
      await this.store.compact(entry.live.name, () => Y.encodeStateAsUpdate(entry.live.doc));
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

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

import * as Y from 'yjs';
import type { CompactionResult, DocStore, StoredDoc } from '../../server/live/doc-store';

/**
 * A document store in memory, for unit tests of the live core: appends are written at once with
 * increasing ids, compaction folds the log into a snapshot. (The storage helper's MemoryDocStore
 * replaces it once it is on main.)
 */
export class MemoryDocStore implements DocStore {
  private nextId = 1n;
  private readonly logs = new Map<string, { id: bigint; data: Uint8Array }[]>();
  private readonly snapshots = new Map<string, { data: Uint8Array; through: bigint }>();
  private readonly listeners = new Set<(docName: string, id: bigint) => void>();

  onWritten(listener: (docName: string, id: bigint) => void): void {
    this.listeners.add(listener);
  }

  async load(
    docName: string,
    _db?: unknown,
    known?: { snapshotThrough: bigint; ids: Iterable<bigint> },
  ): Promise<StoredDoc> {
    const seen = new Set(known?.ids ?? []);
    const snapshot = this.snapshots.get(docName);
    return {
      snapshot: snapshot && snapshot.through > (known?.snapshotThrough ?? -1n) ? snapshot : undefined,
      rows: (this.logs.get(docName) ?? []).filter((row) => !seen.has(row.id)),
      queued: [],
    };
  }

  append(docName: string, data: Uint8Array): void {
    const id = this.nextId++;
    const log = this.logs.get(docName) ?? [];
    log.push({ id, data });
    this.logs.set(docName, log);
    for (const listener of this.listeners) listener(docName, id);
  }

  async flush(): Promise<void> {}

  async compact(docName: string): Promise<CompactionResult> {
    const log = this.logs.get(docName) ?? [];
    if (log.length === 0) return 'empty';
    const doc = new Y.Doc();
    const snapshot = this.snapshots.get(docName);
    if (snapshot) Y.applyUpdate(doc, snapshot.data);
    for (const row of log) Y.applyUpdate(doc, row.data);
    this.snapshots.set(docName, { data: Y.encodeStateAsUpdate(doc), through: log.at(-1)!.id });
    this.logs.set(docName, []);
    doc.destroy();
    return 'compacted';
  }

  /** How many updates of `docName` were ever appended and are still in the log. */
  logLength(docName: string): number {
    return this.logs.get(docName)?.length ?? 0;
  }
}

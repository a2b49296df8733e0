import { checkUpdate, foldLog } from '../domain/update-log';
import type { CompactionResult, DocStore, LogRow, StoredDoc } from './doc-store';

/**
 * What a memory store holds. Hand the same tables to a second store to play a restart (or a second
 * process on one database): it sees everything the first one wrote.
 */
export interface MemoryDocTables {
  snapshots: Map<string, { data: Uint8Array; through: bigint }>;
  updates: Map<string, LogRow[]>;
  /** The id the next written update gets; ids only grow, as a sequence's do. */
  nextId: bigint;
}

/** Empty tables for a memory store. */
export function memoryDocTables(): MemoryDocTables {
  return { snapshots: new Map(), updates: new Map(), nextId: 1n };
}

/**
 * The document store of a process without a database (unit tests, a throwaway local run): every
 * append is written at once, so the backlog is always 0 and `flush` has nothing to wait for. Order,
 * compaction, load-with-`known`, write listeners, refused bad updates and refused appends after close
 * behave as `persistence/document-store.ts` does. Transactions do not exist here: `appendIn` ignores
 * its handle and writes at once.
 */
export class MemoryDocStore implements DocStore {
  private closed = false;
  private readonly written = new Set<(docName: string, id: bigint) => void>();

  constructor(private readonly tables: MemoryDocTables = memoryDocTables()) {}

  onWritten(listener: (docName: string, id: bigint) => void): void {
    this.written.add(listener);
  }

  async load(
    docName: string,
    _db?: unknown,
    known?: { snapshotThrough: bigint; ids: Iterable<bigint> },
  ): Promise<StoredDoc> {
    const through = known?.snapshotThrough ?? -1n;
    const ids = new Set(known?.ids ?? []);
    const snapshot = this.tables.snapshots.get(docName);
    return {
      ...(snapshot && snapshot.through > through ? { snapshot: { ...snapshot } } : {}),
      rows: (this.tables.updates.get(docName) ?? [])
        .filter((row) => !ids.has(row.id))
        .map((row) => ({ ...row })),
      queued: [],
    };
  }

  append(docName: string, data: Uint8Array): void {
    if (this.closed) throw new Error('document store is closed');
    const id = this.write(docName, data);
    this.noteWritten(docName, id);
  }

  async appendIn(_tx: unknown, docName: string, data: Uint8Array): Promise<bigint> {
    return this.write(docName, data);
  }

  noteWritten(docName: string, id: bigint): void {
    for (const listener of this.written) listener(docName, id);
  }

  async flush(): Promise<void> {}

  async compact(docName: string): Promise<CompactionResult> {
    const rows = this.tables.updates.get(docName) ?? [];
    const fold = foldLog(this.tables.snapshots.get(docName), rows);
    if (!fold) return 'empty';
    this.tables.snapshots.set(docName, { data: fold.state, through: fold.through });
    const folded = new Set(fold.folded);
    this.tables.updates.set(
      docName,
      rows.filter((row) => !folded.has(row.id)),
    );
    return 'compacted';
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get backlog(): number {
    return 0;
  }

  private write(docName: string, data: Uint8Array): bigint {
    checkUpdate(docName, data);
    const id = this.tables.nextId++;
    const rows = this.tables.updates.get(docName) ?? [];
    // A copy: the caller may reuse its buffer, a database would not see that either.
    rows.push({ id, data: data.slice() });
    this.tables.updates.set(docName, rows);
    return id;
  }
}

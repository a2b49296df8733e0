/**
 * The document store as the live core sees it: an append-only log of Yjs updates with snapshots,
 * shared by every process. PostgreSQL/PGlite implement it in persistence/document-store.ts.
 */

/** One row of the update log. */
export interface LogRow {
  id: bigint;
  data: Uint8Array;
}

/** What the database (and this process's write queue) holds of one document. */
export interface StoredDoc {
  /** The compacted state, if the document was ever compacted; `through` only grows. */
  snapshot?: { data: Uint8Array; through: bigint };
  /** Every logged update still in the log, by id. */
  rows: LogRow[];
  /** Updates this process appended that are not written yet. */
  queued: Uint8Array[];
}

/** Every update of a stored document, in the order to apply them. */
export function updatesOf(stored: StoredDoc): Uint8Array[] {
  return [
    ...(stored.snapshot ? [stored.snapshot.data] : []),
    ...stored.rows.map((r) => r.data),
    ...stored.queued,
  ];
}

/** What a compaction did. */
export type CompactionResult = 'compacted' | 'busy' | 'empty';

/** Storage of Yjs documents: the methods the live core uses. */
export interface DocStore {
  /** Calls `listener` with the row id of every update this store writes. */
  onWritten(listener: (docName: string, id: bigint) => void): void;
  /**
   * Everything known of a document. `db` may be a transaction of the store's database (opaque here: a
   * command's sequencer passes its own). With `known` (a catch-up), only what the caller lacks is read.
   */
  load(
    docName: string,
    db?: unknown,
    known?: { snapshotThrough: bigint; ids: Iterable<bigint> },
  ): Promise<StoredDoc>;
  /** Queues an update; it is written soon, in order, retried until it is. */
  append(docName: string, data: Uint8Array): void;
  /** Resolves once every update appended before the call is written. */
  flush(): Promise<void>;
  /** Folds the logged updates of a document into its snapshot. */
  compact(docName: string): Promise<CompactionResult>;
}

/**
 * The document store: the port through which the live core loads, appends, compacts and reads the
 * Yjs documents. PostgreSQL/PGlite implement it in `persistence/document-store.ts`, a single process
 * without a database in `live/memory-doc-store.ts`; one contract suite
 * (tests/integration/doc-store-contract.test.ts) holds both to the same behaviour.
 */

/** One row of the update log. */
export interface LogRow {
  id: bigint;
  data: Uint8Array;
}

/** What the store (and this process's write queue) holds of one document. */
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

/**
 * Append-only storage of Yjs updates with snapshots. `append` never blocks the relay; a load returns
 * the snapshot, every row still in the log and the updates not written yet, so nothing appended is
 * ever missing from a load. `Tx` is the store's transaction handle: opaque to the live core, which
 * only hands on what a command sequencer gave it.
 */
export interface DocStore<Tx = unknown> {
  /** Calls `listener` with the row id of every update this store writes. */
  onWritten(listener: (docName: string, id: bigint) => void): void;
  /**
   * Everything known of a document, snapshot and log read as one. `db` may be a transaction. With
   * `known` (a catch-up), only what the caller lacks: a snapshot newer than `snapshotThrough`, and
   * log rows whose ids are not in `ids`.
   */
  load(
    docName: string,
    db?: Tx,
    known?: { snapshotThrough: bigint; ids: Iterable<bigint> },
  ): Promise<StoredDoc>;
  /** Queues an update to be written soon, in arrival order. Throws on a closed store or a bad update. */
  append(docName: string, data: Uint8Array): void;
  /** Writes one update inside the caller's transaction (a command's state change); returns its id. */
  appendIn(tx: Tx, docName: string, data: Uint8Array): Promise<bigint>;
  /** Tells the write listeners about rows written outside the queue, once their transaction committed. */
  noteWritten(docName: string, id: bigint): void;
  /** Resolves once every update appended before the call is written (or the store gave up at close). */
  flush(): Promise<void>;
  /**
   * Folds the logged updates of a document into its snapshot, keeping every row the snapshot does
   * not contain. 'busy' when another process is compacting the document, 'empty' when nothing folds.
   */
  compact(docName: string): Promise<CompactionResult>;
  /** Writes what is queued (trying for up to `timeoutMs`, default 5 s) and refuses further appends. */
  close(timeoutMs?: number): Promise<void>;
  /** Number of updates not yet written. */
  readonly backlog: number;
}

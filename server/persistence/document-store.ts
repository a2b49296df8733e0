import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { yjsSnapshots, yjsUpdates } from '../../db/schema';
import { checkUpdate, foldLog } from '../domain/update-log';
import type { CompactionResult, DocStore, StoredDoc } from '../live/doc-store';

/** Tuning of the document store. */
export interface DocumentStoreOptions {
  /**
   * How long an update may wait to be batched with others before it is written. Default 20 ms, so an
   * update is durable well within the 100 ms promise even with a slow round trip.
   */
  batchDelayMs?: number;
  /** Longest wait between retries after a failed write. Default 5 s. */
  maxRetryDelayMs?: number;
  /** Told, for every update written, how long it waited from `append` to its row, in seconds. */
  observeLag?: (seconds: number, docName: string) => void;
}

interface Pending {
  docName: string;
  data: Uint8Array;
  /** performance.now() at append. */
  at: number;
}

type RawRow = { kind: number; data: Uint8Array; id: string | bigint };

/** Rows of a raw query: postgres.js answers with an array, PGlite with `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/**
 * Append-only storage of Yjs updates with snapshots, shared by every process. `append` never blocks
 * the relay: updates are queued and written in batches, in arrival order, and failed writes are
 * retried forever in order. A load returns the snapshot, every row still in the log (whatever its id:
 * with several writers a lower id can commit after a higher one) and this process's queued updates,
 * so a document can unload and reload while the database is down without losing anything.
 */
export class DocumentStore implements DocStore<Db> {
  private queue: Pending[] = [];
  private inFlight: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private retryDelayMs = 0;
  private closed = false;
  private readonly written = new Set<(docName: string, id: bigint) => void>();
  private readonly batchDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly options: DocumentStoreOptions = {},
  ) {
    this.batchDelayMs = options.batchDelayMs ?? 20;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  }

  /** Calls `listener` with the row id of every update this store writes. */
  onWritten(listener: (docName: string, id: bigint) => void): void {
    this.written.add(listener);
  }

  /**
   * Everything known of a document. One SQL statement reads snapshot and log, so a compaction
   * running at the same moment cannot make the two disagree. `db` may be a transaction. With `known`
   * (a catch-up), only what the caller lacks is read: a snapshot newer than the one it applied, and log
   * rows whose ids it has not seen.
   */
  async load(
    docName: string,
    db: Db = this.db,
    known?: { snapshotThrough: bigint; ids: Iterable<bigint> },
  ): Promise<StoredDoc> {
    const through = (known?.snapshotThrough ?? -1n).toString();
    const ids = `{${[...(known?.ids ?? [])].join(',')}}`;
    const result = await db.execute(sql`
      select 0 as kind, data, last_update_id as id from ${yjsSnapshots}
        where doc_name = ${docName} and last_update_id > ${through}::bigint
      union all
      select 1 as kind, data, id from ${yjsUpdates}
        where doc_name = ${docName} and id <> all(${ids}::bigint[])
      order by kind, id`);
    const stored: StoredDoc = { rows: [], queued: [] };
    for (const row of rowsOf<RawRow>(result)) {
      const data = new Uint8Array(row.data);
      if (Number(row.kind) === 0) stored.snapshot = { data, through: BigInt(row.id) };
      else stored.rows.push({ id: BigInt(row.id), data });
    }
    stored.queued = [...this.inFlight, ...this.queue].filter((p) => p.docName === docName).map((p) => p.data);
    return stored;
  }

  /** Queues an update; it is written within `batchDelayMs` plus one round trip. */
  append(docName: string, data: Uint8Array): void {
    if (this.closed) throw new Error('document store is closed');
    checkUpdate(docName, data);
    this.queue.push({ docName, data, at: performance.now() });
    if (!this.timer && !this.writing) this.timer = setTimeout(() => this.drain(), this.batchDelayMs);
  }

  /** Writes one update inside the caller's transaction (a command's state change); returns its id. */
  async appendIn(tx: Db, docName: string, data: Uint8Array): Promise<bigint> {
    checkUpdate(docName, data);
    const [row] = await tx.insert(yjsUpdates).values({ docName, data }).returning({ id: yjsUpdates.id });
    return row!.id;
  }

  /** Tells the write listeners about rows written outside the queue, once their transaction committed. */
  noteWritten(docName: string, id: bigint): void {
    for (const listener of this.written) listener(docName, id);
  }

  /** Resolves once every update appended before the call is written (or the store gave up at close). */
  async flush(): Promise<void> {
    while (!this.closed && (this.queue.length > 0 || this.writing)) {
      if (this.timer) clearTimeout(this.timer);
      await this.drain();
    }
  }

  /**
   * Folds the logged updates of a document into its snapshot, from what the database holds (never
   * from one process's memory), in one transaction that only one process at a time may run per
   * document (`pg_try_advisory_xact_lock`; a busy document is left to the process compacting it).
   * A row is deleted only when the new snapshot's state vector covers every struct in it, so an update
   * whose dependencies are missing stays in the log until they arrive.
   */
  async compact(docName: string): Promise<CompactionResult> {
    return this.db.transaction(async (tx) => {
      const [lock] = rowsOf<{ locked: boolean }>(
        await tx.execute(
          sql`select pg_try_advisory_xact_lock(hashtext(${`yjs-compact:${docName}`})) as locked`,
        ),
      );
      if (!lock?.locked) return 'busy';
      const stored = await this.load(docName, tx);
      const fold = foldLog(stored.snapshot, stored.rows);
      if (!fold) return 'empty';
      const { state, through } = fold;
      await tx
        .insert(yjsSnapshots)
        .values({ docName, data: state, lastUpdateId: through })
        .onConflictDoUpdate({
          target: yjsSnapshots.docName,
          set: { data: state, lastUpdateId: through, updatedAt: new Date() },
        });
      await tx
        .delete(yjsUpdates)
        .where(and(eq(yjsUpdates.docName, docName), inArray(yjsUpdates.id, fold.folded)));
      return 'compacted';
    });
  }

  /** Writes what is queued (trying for up to `timeoutMs`) and refuses further appends. */
  async close(timeoutMs = 5_000): Promise<void> {
    await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const lost = this.queue.length + this.inFlight.length;
    if (lost > 0)
      this.log.error({ event: 'persistence.lost', updates: lost }, 'updates not written at close');
  }

  /** Number of updates not yet written. */
  get backlog(): number {
    return this.queue.length + this.inFlight.length;
  }

  private drain(): Promise<void> {
    this.timer = undefined;
    if (this.writing || this.queue.length === 0) return this.writing ?? Promise.resolve();
    this.writing = this.writeBatches().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private async writeBatches(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      // Batches are written one at a time, in order, so ids follow arrival order within a document.
      this.inFlight = this.queue.splice(0, 500);
      try {
        const rows = await this.db
          .insert(yjsUpdates)
          .values(this.inFlight.map(({ docName, data }) => ({ docName, data })))
          .returning({ id: yjsUpdates.id, docName: yjsUpdates.docName });
        const writtenAt = performance.now();
        for (const pending of this.inFlight)
          this.options.observeLag?.((writtenAt - pending.at) / 1000, pending.docName);
        this.inFlight = [];
        this.retryDelayMs = 0;
        for (const row of rows) this.noteWritten(row.docName, row.id);
      } catch (error) {
        // Put the batch back in front, untouched: a gap in the log would break the document for good.
        this.queue = [...this.inFlight, ...this.queue];
        this.inFlight = [];
        this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 100), this.maxRetryDelayMs);
        this.log.error(
          {
            event: 'persistence.write_failed',
            err: error,
            backlog: this.queue.length,
            retryInMs: this.retryDelayMs,
          },
          'could not write Yjs updates; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }
}

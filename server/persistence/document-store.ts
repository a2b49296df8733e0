import { and, eq, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { yjsSnapshots, yjsUpdates } from '../../db/schema';

/** Tuning of the document store. */
export interface DocumentStoreOptions {
  /**
   * How long an update may wait to be batched with others before it is written. Default 20 ms, so an
   * update is durable well within the 100 ms promise even with a slow round trip.
   */
  batchDelayMs?: number;
  /** Longest wait between retries after a failed write. Default 5 s. */
  maxRetryDelayMs?: number;
}

type LogRow = {
  kind: number;
  data: Uint8Array;
  id: string | bigint;
};

interface Pending {
  docName: string;
  data: Uint8Array;
}

/**
 * Append-only storage of Yjs updates with snapshots. Two hooks matter to the realtime layer: `append`
 * (never blocks the relay: updates are queued and written in batches, in arrival order) and `load`.
 * Writes that fail are retried forever in order, and queued updates are included in `load`, so a
 * document can unload and reload while the database is down without losing anything.
 */
export class DocumentStore {
  private queue: Pending[] = [];
  private inFlight: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private retryDelayMs = 0;
  private closed = false;
  /** Highest update id written per document: a snapshot taken now covers every row up to it. */
  private readonly writtenThrough = new Map<string, bigint>();
  private readonly batchDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    options: DocumentStoreOptions = {},
  ) {
    this.batchDelayMs = options.batchDelayMs ?? 20;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  }

  /**
   * Everything known of a document, in the order it must be applied: the snapshot, the logged
   * updates after it, then updates still queued in memory. One SQL statement reads snapshot and log,
   * so a compaction running at the same moment cannot make the two disagree.
   */
  async load(docName: string): Promise<{ updates: Uint8Array[]; logLength: number }> {
    const result = await this.db.execute<LogRow>(sql`
      with s as (select data, last_update_id from ${yjsSnapshots} where doc_name = ${docName})
      select 0 as kind, data, last_update_id as id from s
      union all
      select 1 as kind, u.data, u.id from ${yjsUpdates} u
        where u.doc_name = ${docName} and u.id > coalesce((select last_update_id from s), 0)
      order by kind, id`);
    // postgres.js answers with an array of rows, PGlite with { rows }.
    const rows: LogRow[] = Array.isArray(result) ? result : (result as unknown as { rows: LogRow[] }).rows;
    let maxId = 0n;
    for (const row of rows) maxId = BigInt(row.id) > maxId ? BigInt(row.id) : maxId;
    this.markWritten(docName, maxId);
    const queued = [...this.inFlight, ...this.queue].filter((p) => p.docName === docName).map((p) => p.data);
    return {
      updates: [...rows.map((row) => new Uint8Array(row.data)), ...queued],
      logLength: rows.filter((row) => Number(row.kind) === 1).length,
    };
  }

  /** Queues an update; it is written within `batchDelayMs` plus one round trip. */
  append(docName: string, data: Uint8Array): void {
    if (this.closed) throw new Error('document store is closed');
    this.queue.push({ docName, data });
    if (!this.timer && !this.writing) this.timer = setTimeout(() => this.drain(), this.batchDelayMs);
  }

  /** Resolves once every update appended before the call is written (or the store gave up at close). */
  async flush(): Promise<void> {
    while (!this.closed && (this.queue.length > 0 || this.writing)) {
      if (this.timer) clearTimeout(this.timer);
      await this.drain();
    }
  }

  /**
   * Replaces the logged updates of a document by one snapshot. `encodeState` is called synchronously
   * before any await, so the state it returns includes every update written so far; only rows up to
   * that point are deleted, and rows written later stay in the log (re-applying them is harmless).
   */
  async compact(docName: string, encodeState: () => Uint8Array): Promise<void> {
    const through = this.writtenThrough.get(docName);
    const state = encodeState();
    if (through === undefined) return;
    await this.db.transaction(async (tx) => {
      await tx
        .insert(yjsSnapshots)
        .values({ docName, data: state, lastUpdateId: through })
        .onConflictDoUpdate({
          target: yjsSnapshots.docName,
          set: { data: state, lastUpdateId: through, updatedAt: new Date() },
        });
      await tx.delete(yjsUpdates).where(and(eq(yjsUpdates.docName, docName), lte(yjsUpdates.id, through)));
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

  private markWritten(docName: string, id: bigint): void {
    const known = this.writtenThrough.get(docName);
    if (known === undefined || id > known) this.writtenThrough.set(docName, id);
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
          .values(this.inFlight)
          .returning({ id: yjsUpdates.id, docName: yjsUpdates.docName });
        for (const row of rows) this.markWritten(row.docName, row.id);
        this.inFlight = [];
        this.retryDelayMs = 0;
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

import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { workshopEvents } from '../../db/schema';

import type { EventDetail, EventRecorder, WorkshopEvent, WorkshopEventName } from '../live/hooks';

export type { EventDetail, EventRecorder, WorkshopEvent, WorkshopEventName } from '../live/hooks';

/** Tuning of the event log. */
export interface EventLogOptions {
  /** Batch window, ms. Default 200: events are for people reading minutes later. */
  batchMs?: number;
  /** Most events held while the database is away; the oldest go first. Default 5,000. */
  maxQueued?: number;
  /** Newest rows kept per workshop. Default 5,000. */
  keepPerWorkshop?: number;
  /** Rows older than this are deleted at start-up. Default 30 days. */
  keepMs?: number;
  now?: () => number;
}

interface Queued {
  workshop_id: string;
  at: string;
  event: WorkshopEventName;
  participant_id: string | null;
  detail: EventDetail;
}

/** Longest string kept in a detail; control characters are dropped (jsonb refuses \u0000). */
const maxDetailChars = 200;

/** `text` without control characters. */
function stripControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code !== 0x7f) out += char;
  }
  return out;
}

/** A detail with strings cut to length and stripped of control characters. */
function clean(detail: EventDetail | undefined): EventDetail {
  const out: EventDetail = {};
  for (const [key, value] of Object.entries(detail ?? {})) {
    out[key] = typeof value === 'string' ? stripControls(value).slice(0, maxDetailChars) : value;
  }
  return out;
}

/**
 * Best-effort recorder of workshop events into `workshop_events`: `record` only queues; batches are
 * written every `batchMs` in one statement that skips unknown workshops (a refusal may name any id).
 * A database outage never reaches the caller: the queue is bounded (oldest dropped, counted), writes
 * retry with backoff, and a batch the database keeps refusing while it answers otherwise is dropped.
 */
export class EventLog implements EventRecorder {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  private dropped = 0;
  private closed = false;
  /** Rows written per workshop since its last prune. */
  private readonly sincePrune = new Map<string, number>();
  private readonly batchMs: number;
  private readonly maxQueued: number;
  private readonly keepPerWorkshop: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly options: EventLogOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 200;
    this.maxQueued = options.maxQueued ?? 5_000;
    this.keepPerWorkshop = options.keepPerWorkshop ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  record(event: WorkshopEvent): void {
    if (this.closed) return;
    this.queue.push({
      workshop_id: event.workshopId,
      at: new Date(this.now()).toISOString(),
      event: event.event,
      participant_id: event.participantId ?? null,
      detail: clean(event.detail),
    });
    if (this.queue.length > this.maxQueued) {
      this.dropped += this.queue.length - this.maxQueued;
      this.queue.splice(0, this.queue.length - this.maxQueued);
    }
    this.schedule(this.batchMs);
  }

  /** Events recorded and not written yet (at most `maxQueued`, plus the batch in flight). */
  get backlog(): number {
    return this.queue.length;
  }

  /** Events dropped since the last successful write (queue full, or a batch the database refused). */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Resolves once everything recorded before the call was written (or given up on). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await (this.writing ?? this.write());
      if (this.failures > 0) return; // the database is away: flushing would spin
    }
  }

  /** Writes what is queued (for up to `timeoutMs`) and stops recording. */
  async close(timeoutMs = 2_000): Promise<void> {
    await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** Deletes rows older than `keepMs` (every workshop); run once at start-up, failures only logged. */
  async pruneOld(): Promise<void> {
    const before = new Date(this.now() - (this.options.keepMs ?? 30 * 24 * 3600_000)).toISOString();
    await this.db
      .delete(workshopEvents)
      .where(sql`${workshopEvents.at} < ${before}::timestamptz`)
      .catch((error: unknown) =>
        this.log.warn({ event: 'events.prune_failed', err: error }, 'could not prune old workshop events'),
      );
  }

  private schedule(delayMs: number): void {
    if (!this.timer && !this.writing) this.timer = setTimeout(() => void this.write(), delayMs);
  }

  private write(): Promise<void> {
    this.timer = undefined;
    if (this.writing || this.queue.length === 0) return this.writing ?? Promise.resolve();
    this.writing = this.writeBatch().finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0 && !this.closed)
        this.schedule(this.failures > 0 ? Math.min(100 * 2 ** this.failures, 5_000) : this.batchMs);
    });
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue.splice(0, 500);
    try {
      // `seq` keeps the batch's order in the row ids (a join may otherwise reorder the rows).
      const rows = batch.map((event, seq) => ({ ...event, seq }));
      await this.db.execute(sql`
        insert into ${workshopEvents} (workshop_id, at, event, participant_id, detail)
        select e.workshop_id, e.at, e.event, e.participant_id, coalesce(e.detail, '{}'::jsonb)
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as e(seq int, workshop_id text, at timestamptz, event text, participant_id text, detail jsonb)
        where exists (select 1 from workshops w where w.id = e.workshop_id)
        order by e.seq`);
      if (this.failures > 0 || this.dropped > 0)
        this.log.info(
          { event: 'events.recovered', afterFailures: this.failures, dropped: this.dropped },
          'workshop events are written again',
        );
      this.failures = 0;
      this.dropped = 0;
      await this.prune(batch);
    } catch (error) {
      this.failures++;
      if (this.failures === 1)
        this.log.warn(
          { event: 'events.write_failed', err: error, queued: this.queue.length + batch.length },
          'could not write workshop events; retrying (best effort)',
        );
      // A batch the database refuses while it answers a plain query will never go in: drop it.
      if (this.failures >= 5 && (await this.answers())) {
        this.log.error(
          { event: 'events.batch_dropped', err: error, events: batch.length },
          'dropped a batch of workshop events the database refuses',
        );
        this.failures = 0;
        return;
      }
      this.queue.unshift(...batch);
      if (this.queue.length > this.maxQueued) {
        this.dropped += this.queue.length - this.maxQueued;
        this.queue.splice(0, this.queue.length - this.maxQueued);
      }
    }
  }

  private async answers(): Promise<boolean> {
    return this.db.execute(sql`select 1`).then(
      () => true,
      () => false,
    );
  }

  /** Keeps the newest `keepPerWorkshop` rows of each workshop just written to, every few hundred rows. */
  private async prune(batch: Queued[]): Promise<void> {
    const every = Math.max(50, Math.floor(this.keepPerWorkshop / 10));
    if (this.sincePrune.size > 10_000) this.sincePrune.clear(); // many quiet workshops: start counting again
    for (const { workshop_id: id } of batch) this.sincePrune.set(id, (this.sincePrune.get(id) ?? 0) + 1);
    for (const [workshopId, count] of this.sincePrune) {
      if (count < every) continue;
      this.sincePrune.delete(workshopId);
      await this.db
        .execute(sql`
          delete from ${workshopEvents} where workshop_id = ${workshopId} and id <= (
            select id from ${workshopEvents} where workshop_id = ${workshopId}
            order by id desc offset ${this.keepPerWorkshop} limit 1)`)
        .catch((error: unknown) =>
          this.log.warn({ event: 'events.prune_failed', workshopId, err: error }, 'could not prune events'),
        );
    }
  }
}

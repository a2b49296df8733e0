import type { Logger } from 'pino';
import type { DocSync, SyncedDoc } from '../live/ports';
import type { RedisDocBus } from './redis-doc-bus';

/** Tuning of the cross-process document sync. */
export interface BusDocSyncOptions {
  log: Logger;
  /** How often every open document re-reads the log, as a safety net for messages lost unnoticed. Default 10 s. */
  catchUpEveryMs?: number;
  /** How long after a suspected gap the log is read (lets the sender write it). Default 250 ms. */
  catchUpDelayMs?: number;
}

interface Open {
  doc: SyncedDoc;
  catchUpTimer?: NodeJS.Timeout;
}

/**
 * The document sync of several processes: updates and awareness travel over the Redis bus, and the
 * PostgreSQL log is the source of truth. Whenever the bus may have lost something (a gap in a
 * sender's sequence, a reconnect, a document just loaded, the periodic safety net) the document
 * catches up from the log, so every process converges whatever Redis did.
 */
export class BusDocSync implements DocSync {
  private readonly open_ = new Map<string, Open>();
  private readonly catchUpDelayMs: number;
  private readonly safetyNet: NodeJS.Timeout;

  constructor(
    private readonly bus: RedisDocBus,
    private readonly options: BusDocSyncOptions,
  ) {
    this.catchUpDelayMs = options.catchUpDelayMs ?? 250;
    this.safetyNet = setInterval(() => {
      for (const name of this.open_.keys()) this.scheduleCatchUp(name, 0);
    }, options.catchUpEveryMs ?? 10_000);
    this.safetyNet.unref();
  }

  open(docName: string, doc: SyncedDoc): Promise<void> {
    this.open_.set(docName, { doc });
    return this.bus.subscribe(docName, {
      update: (update) => doc.update(update),
      awareness: (update) => doc.awareness(update),
      awarenessQuery: () => {
        const own = doc.ownAwareness();
        if (own) this.bus.publish(docName, 'awareness', own);
      },
      gap: () => this.scheduleCatchUp(docName, this.catchUpDelayMs),
    });
  }

  loaded(docName: string): void {
    this.bus.publish(docName, 'awarenessQuery');
    // An update published just before the subscription and written just after the read is in
    // neither: one read of the log shortly after covers it.
    this.scheduleCatchUp(docName, this.catchUpDelayMs * 2);
  }

  close(docName: string): void {
    clearTimeout(this.open_.get(docName)?.catchUpTimer);
    this.open_.delete(docName);
    this.bus.unsubscribe(docName);
  }

  publish(docName: string, kind: 'update' | 'awareness', payload: Uint8Array): void {
    this.bus.publish(docName, kind, payload);
  }

  lookForMissing(docName: string): Promise<void> | undefined {
    const open = this.open_.get(docName);
    if (!open) return undefined;
    return new Promise<void>((resolve) => setTimeout(resolve, this.catchUpDelayMs).unref()).then(() =>
      open.doc.catchUp().catch((error: unknown) => this.catchUpFailed(docName, error)),
    );
  }

  /** Stops the safety net (the bus's connections close with the cluster). */
  stop(): void {
    clearInterval(this.safetyNet);
  }

  private scheduleCatchUp(docName: string, delayMs: number): void {
    const open = this.open_.get(docName);
    if (!open || open.catchUpTimer) return;
    open.catchUpTimer = setTimeout(() => {
      open.doc
        .catchUp()
        .catch((error: unknown) => this.catchUpFailed(docName, error))
        .finally(() => {
          open.catchUpTimer = undefined;
        });
    }, delayMs);
    open.catchUpTimer.unref();
  }

  private catchUpFailed(docName: string, error: unknown): void {
    this.options.log.warn({ event: 'doc.catch_up_failed', docName, err: error }, 'catch-up failed');
  }
}

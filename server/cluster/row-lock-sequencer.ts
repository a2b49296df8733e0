import { sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../../db/client';
import type { LiveDoc } from '../live/live-doc';
import type { CommandSequencer, Decision, SequencedDocs } from '../live/ports';
import type { WorkshopState } from '../model/state';
import { readState, writeState } from '../model/state-doc';
import type { DocumentStore } from '../persistence/document-store';

/**
 * Several processes: a command locks its workshop's row (`SELECT … FOR UPDATE`), catches the state
 * document up from the log, decides, and appends the state change to the log in the same transaction;
 * only after the commit is the change applied here and published. Every process sees the result of
 * the one before; a process killed mid-command holds nothing (PostgreSQL rolls its transaction back
 * when the connection drops), so there is no owner to take over from.
 */
export class RowLockSequencer implements CommandSequencer {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly store: DocumentStore,
    private readonly registry: SequencedDocs,
  ) {}

  change<T>(
    workshopId: string,
    live: LiveDoc,
    decide: (state: WorkshopState | undefined) => Decision<T>,
  ): Promise<T> {
    // Commands of one workshop queue here first, so a busy room holds one database connection, not ten.
    const previous = this.tails.get(workshopId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.inTransaction(workshopId, live, decide));
    const tail = run.catch(() => {});
    this.tails.set(workshopId, tail);
    void tail.then(() => {
      if (this.tails.get(workshopId) === tail) this.tails.delete(workshopId);
    });
    return run;
  }

  private async inTransaction<T>(
    workshopId: string,
    live: LiveDoc,
    decide: (state: WorkshopState | undefined) => Decision<T>,
  ): Promise<T> {
    let committed: { update: Uint8Array; id: bigint } | undefined;
    const value = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select id from workshops where id = ${workshopId} for update`);
      await this.registry.catchUp(live, tx);
      const decision = decide(readState(live.doc));
      if (!decision.next) return decision.value;
      const update = encodeStateChange(live.doc, decision.next);
      if (update) committed = { update, id: await this.store.appendIn(tx, live.name, update) };
      return decision.value;
    });
    if (committed) this.registry.applyCommitted(live, committed.update, committed.id);
    return value;
  }
}

/**
 * The update that would take `doc` to `next`, computed on a copy: the live document changes only once
 * the update is durable.
 */
export function encodeStateChange(doc: Y.Doc, next: WorkshopState): Uint8Array | undefined {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  let update: Uint8Array | undefined;
  scratch.on('update', (change: Uint8Array) => {
    update = update ? Y.mergeUpdates([update, change]) : change;
  });
  writeState(scratch, next);
  scratch.destroy();
  return update;
}

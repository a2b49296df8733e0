/**
 * Pure rules of a document's update log that every document store shares: which bytes may enter the
 * log, and what a compaction folds into the snapshot.
 */
import * as Y from 'yjs';

/**
 * Throws a clear error unless `data` decodes as a Yjs update. A stored update that does not decode
 * would make every later load and compaction of its document fail, so it is refused before it is
 * queued or written.
 */
export function checkUpdate(docName: string, data: Uint8Array): void {
  let reason: string | undefined;
  if (!(data instanceof Uint8Array)) reason = 'not bytes';
  else if (data.length === 0) reason = 'empty';
  else {
    try {
      Y.decodeUpdate(data);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  if (reason) throw new TypeError(`not a Yjs update for document "${docName}" (${reason}); nothing stored`);
}

/** What a compaction writes: the new snapshot, the id it reaches, and the log rows it replaces. */
export interface Fold {
  state: Uint8Array;
  through: bigint;
  folded: bigint[];
}

/**
 * The snapshot that replaces `rows`, or undefined when no row can be folded. A row is folded only
 * when the new state vector covers every struct in it, so an update whose dependencies are missing
 * stays in the log until they arrive.
 */
export function foldLog(
  snapshot: { data: Uint8Array; through: bigint } | undefined,
  rows: readonly { id: bigint; data: Uint8Array }[],
): Fold | undefined {
  if (rows.length === 0) return undefined;
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot.data);
  for (const row of rows) Y.applyUpdate(doc, row.data);
  const covered = Y.decodeStateVector(Y.encodeStateVector(doc));
  const contained = rows.filter((row) => isCoveredBy(row.data, covered));
  const state = contained.length > 0 ? Y.encodeStateAsUpdate(doc) : undefined;
  doc.destroy();
  if (!state) return undefined;
  let through = snapshot?.through ?? 0n;
  for (const row of contained) through = row.id > through ? row.id : through;
  return { state, through, folded: contained.map((row) => row.id) };
}

/** Whether a document with state vector `covered` has integrated every struct of `update`. */
function isCoveredBy(update: Uint8Array, covered: Map<number, number>): boolean {
  for (const [client, clock] of Y.parseUpdateMeta(update).to) {
    if ((covered.get(client) ?? 0) < clock) return false;
  }
  return true;
}

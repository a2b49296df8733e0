/**
 * The authoritative state mirrored into a Y.Doc: one map entry per top-level field, rewritten only
 * when its value changed, so an update carries just what moved. The server writes it; the browser
 * reads it with the same function.
 */
import type * as Y from 'yjs';
import type { WorkshopState } from './state';

/** The map holding the state in the state document. */
export function stateMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('workshop');
}

/** The state in `doc`, or undefined before the server initialised it. */
export function readState(doc: Y.Doc): WorkshopState | undefined {
  const map = stateMapOf(doc);
  if (!map.has('phase')) return undefined;
  return map.toJSON() as WorkshopState;
}

/** Writes the fields of `next` that differ from what `doc` holds, in one transaction. */
export function writeState(doc: Y.Doc, next: WorkshopState, origin: unknown = 'server'): void {
  const map = stateMapOf(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(next)) {
      if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
    }
  }, origin);
}

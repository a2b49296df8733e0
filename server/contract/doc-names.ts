/**
 * The names of a workshop's Yjs documents, each a y-websocket room under /yjs/: `<id>` for the walls,
 * `<id>/log` and `<id>/state`. One builder and one parser, used by the browser, the endpoint's
 * routing, the registry and the metrics, so a name is never cut apart by hand.
 */
import { DOC_KINDS, type DocKind } from './vocabulary';

/** What a workshop id may look like (generated ids are shorter; this bounds what a client may send). */
const workshopIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** A document name, taken apart. */
export interface DocAddress {
  workshopId: string;
  kind: DocKind;
}

/** The name of one of a workshop's documents. The walls keep the bare id (the first document). */
export function buildDocName(workshopId: string, kind: DocKind): string {
  return kind === 'walls' ? workshopId : `${workshopId}/${kind}`;
}

/** The workshop and kind a document name stands for, or undefined for a name no workshop has. */
export function parseDocName(name: string): DocAddress | undefined {
  const [workshopId = '', suffix, ...rest] = name.split('/');
  if (!workshopIdPattern.test(workshopId) || rest.length > 0) return undefined;
  if (suffix === undefined) return { workshopId, kind: 'walls' };
  const kind = DOC_KINDS.find((k) => k !== 'walls' && k === suffix);
  return kind ? { workshopId, kind } : undefined;
}

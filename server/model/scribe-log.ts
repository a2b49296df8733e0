/**
 * The scribe's timeline: one entry per step the driver takes, attached to a turn and stamped with
 * the time since that turn began. A Y.Array keeps entries in the order they were written, the same on
 * every screen even when the scribe and the facilitator write at the same moment.
 */
import * as Y from 'yjs';
import { setTextMinimal } from './notes';

/** An entry as the UI renders it. */
export interface LogEntryView {
  id: string;
  turnId: string;
  text: string;
  atMs: number;
  authorId: string;
  authorName: string;
}

/** The shared array of entries. */
export function entriesOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray('entries');
}

/** Appends a step to a turn's timeline. */
export function addLogEntry(
  doc: Y.Doc,
  input: { id: string; turnId: string; text: string; atMs: number; author: { id: string; name: string } },
): void {
  const entry = new Y.Map<unknown>();
  doc.transact(() => {
    entry.set('id', input.id);
    entry.set('turnId', input.turnId);
    entry.set('text', new Y.Text(input.text));
    entry.set('atMs', Math.max(0, Math.round(input.atMs)));
    entry.set('authorId', input.author.id);
    entry.set('authorName', input.author.name);
    entriesOf(doc).push([entry]);
  });
}

function indexOf(doc: Y.Doc, id: string): number {
  return entriesOf(doc)
    .toArray()
    .findIndex((entry) => entry instanceof Y.Map && entry.get('id') === id);
}

/** Rewrites an entry's text by the smallest edit. */
export function editLogEntry(doc: Y.Doc, id: string, text: string): void {
  const entry = entriesOf(doc).get(indexOf(doc, id));
  const ytext = entry?.get('text');
  if (ytext instanceof Y.Text) setTextMinimal(ytext, text);
}

/** Deletes an entry by marking it, so it can be restored until the workshop ends. */
export function deleteLogEntry(doc: Y.Doc, id: string, by: string, now: number): void {
  const entry = entriesOf(doc).get(indexOf(doc, id));
  if (!(entry instanceof Y.Map)) return;
  doc.transact(() => {
    entry.set('deletedAt', now);
    entry.set('deletedBy', by);
  });
}

/** Puts a deleted entry back in the timeline. */
export function restoreLogEntry(doc: Y.Doc, id: string): void {
  const entry = entriesOf(doc).get(indexOf(doc, id));
  if (!(entry instanceof Y.Map) || entry.get('deletedAt') == null) return;
  doc.transact(() => {
    entry.set('deletedAt', null);
    entry.set('deletedBy', null);
  });
}

/**
 * Well-formed entries, in timeline order, optionally for one turn; deleted entries are left out unless
 * `deleted` asks for those instead.
 */
export function listLogEntries(
  doc: Y.Doc,
  turnId?: string,
  options: { deleted?: boolean } = {},
): LogEntryView[] {
  const entries: LogEntryView[] = [];
  for (const entry of entriesOf(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    if ((entry.get('deletedAt') != null) !== Boolean(options.deleted)) continue;
    const text = entry.get('text');
    const view = {
      id: String(entry.get('id') ?? ''),
      turnId: String(entry.get('turnId') ?? ''),
      text: text instanceof Y.Text ? text.toString() : '',
      atMs: Number(entry.get('atMs') ?? 0),
      authorId: String(entry.get('authorId') ?? ''),
      authorName: String(entry.get('authorName') ?? ''),
    };
    if (!view.id || (turnId !== undefined && view.turnId !== turnId)) continue;
    entries.push(view);
  }
  return entries;
}

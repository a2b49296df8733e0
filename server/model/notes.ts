/**
 * Post-its on the walls, stored in the workshop's collaborative Y.Doc. Each note is a Y.Map in the
 * `notes` map, its text a Y.Text so two people typing in one note merge instead of overwriting.
 * Pure functions over a Y.Doc: the browser and the tests call the same code.
 */
import * as Y from 'yjs';
import { DEFAULT_PRIORITY, PRIORITIES, type Priority, WALLS, type WallId } from '../contract/vocabulary';

/** Fields a note may carry besides its text; the action fields only matter on the Actions wall. */
export interface NoteFields {
  wall: WallId;
  /** The turn (and so the scenario) the note came from; null for general notes. */
  turnId: string | null;
  cardId: string | null;
  /** A label grouping related notes on a wall. */
  group: string;
  ownerId: string | null;
  /** ISO date (yyyy-mm-dd) or empty. */
  dueDate: string;
  priority: Priority;
}

/** A note as the UI renders it. */
export interface NoteView extends NoteFields {
  id: string;
  text: string;
  authorId: string;
  authorName: string;
  createdAt: number;
}

/** Who writes, and when (injected so tests are deterministic). */
export interface NoteAuthor {
  id: string;
  name: string;
}

/** The shared map of all notes. */
export function notesOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('notes');
}

/** Adds a note to a wall and returns its id. */
export function addNote(
  doc: Y.Doc,
  input: { id: string; wall: WallId; text: string; author: NoteAuthor; now: number } & Partial<NoteFields>,
): string {
  const note = new Y.Map<unknown>();
  doc.transact(() => {
    note.set('id', input.id);
    note.set('text', new Y.Text(input.text));
    note.set('authorId', input.author.id);
    note.set('authorName', input.author.name);
    note.set('createdAt', input.now);
    for (const [key, value] of Object.entries(fieldsOf(input))) note.set(key, value);
    notesOf(doc).set(input.id, note);
  });
  return input.id;
}

function fieldsOf(input: Partial<NoteFields> & { wall: WallId }): NoteFields {
  return {
    wall: input.wall,
    turnId: input.turnId ?? null,
    cardId: input.cardId ?? null,
    group: input.group ?? '',
    ownerId: input.ownerId ?? null,
    dueDate: input.dueDate ?? '',
    priority: input.priority ?? DEFAULT_PRIORITY,
  };
}

/** Changes some fields of a note (moving it to another wall, grouping it, an action's owner…). */
export function updateNote(doc: Y.Doc, id: string, fields: Partial<NoteFields>): void {
  const note = notesOf(doc).get(id);
  if (!(note instanceof Y.Map)) return;
  doc.transact(() => {
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) note.set(key, value);
  });
}

/**
 * Deletes a note by marking it: it leaves the walls but stays in the document, so its author or the
 * facilitator can restore it until the workshop ends (the server refuses erasing a note outright).
 */
export function deleteNote(doc: Y.Doc, id: string, by: string, now: number): void {
  const note = notesOf(doc).get(id);
  if (!(note instanceof Y.Map)) return;
  doc.transact(() => {
    note.set('deletedAt', now);
    note.set('deletedBy', by);
  });
}

/** Puts a deleted note back on its wall. */
export function restoreNote(doc: Y.Doc, id: string): void {
  const note = notesOf(doc).get(id);
  if (!(note instanceof Y.Map) || note.get('deletedAt') == null) return;
  doc.transact(() => {
    note.set('deletedAt', null);
    note.set('deletedBy', null);
  });
}

/** The Y.Text of a note, for editing in place. */
export function noteText(doc: Y.Doc, id: string): Y.Text | undefined {
  const text = notesOf(doc).get(id)?.get('text');
  return text instanceof Y.Text ? text : undefined;
}

/**
 * Replaces the text of a Y.Text with `next` by the smallest single edit (common prefix and suffix
 * kept), so a concurrent edit elsewhere in the note survives.
 */
export function setTextMinimal(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  while (start < current.length && start < next.length && current[start] === next[start]) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < next.length - start &&
    current[current.length - 1 - end] === next[next.length - 1 - end]
  ) {
    end++;
  }
  // Never cut a surrogate pair (an emoji) in two: the halves would be garbage on every screen.
  const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
  if (start > 0 && isLow(current.charCodeAt(start))) start--;
  if (end > 0 && isLow(current.charCodeAt(current.length - end))) end--;
  const apply = () => {
    text.delete(start, current.length - start - end);
    text.insert(start, next.slice(start, next.length - end));
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}

/**
 * Every well-formed note on the walls, oldest first; malformed entries (a buggy or hostile client)
 * are skipped, and so are deleted notes unless `deleted` asks for those instead.
 */
export function listNotes(doc: Y.Doc, options: { deleted?: boolean } = {}): NoteView[] {
  const notes: NoteView[] = [];
  for (const [id, note] of notesOf(doc)) {
    if (!(note instanceof Y.Map)) continue;
    if ((note.get('deletedAt') != null) !== Boolean(options.deleted)) continue;
    const wall = note.get('wall');
    const text = note.get('text');
    if (!WALLS.includes(wall as WallId)) continue;
    const priority = note.get('priority');
    const optional = (key: string) => {
      const value = note.get(key);
      return typeof value === 'string' ? value : null;
    };
    notes.push({
      id,
      wall: wall as WallId,
      text: text instanceof Y.Text ? text.toString() : '',
      authorId: String(note.get('authorId') ?? ''),
      authorName: String(note.get('authorName') ?? ''),
      createdAt: Number(note.get('createdAt') ?? 0),
      turnId: optional('turnId'),
      cardId: optional('cardId'),
      group: optional('group') ?? '',
      ownerId: optional('ownerId'),
      dueDate: optional('dueDate') ?? '',
      priority: PRIORITIES.includes(priority as Priority) ? (priority as Priority) : DEFAULT_PRIORITY,
    });
  }
  return notes.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addNote,
  deleteNote,
  listNotes,
  noteText,
  restoreNote,
  setTextMinimal,
} from '../../server/model/notes';

const author = { id: 'p1', name: 'Ann' };

/** Brings two peers up to date with each other, as the server relay does after concurrent edits. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

describe('notes', () => {
  it('lists notes oldest first with their wall, text and author', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'b', wall: 'awesome', text: 'Runbook was great', author, now: 20 });
    addNote(doc, { id: 'a', wall: 'crappy', text: 'No alarm', author, now: 10 });
    expect(listNotes(doc)).toMatchObject([
      { id: 'a', wall: 'crappy', text: 'No alarm', authorId: 'p1', authorName: 'Ann', createdAt: 10 },
      {
        id: 'b',
        wall: 'awesome',
        text: 'Runbook was great',
        authorId: 'p1',
        authorName: 'Ann',
        createdAt: 20,
      },
    ]);
    deleteNote(doc, 'a', 'p1', 30);
    expect(listNotes(doc).map((n) => n.id)).toEqual(['b']);
    expect(listNotes(doc, { deleted: true }).map((n) => n.id)).toEqual(['a']);
    restoreNote(doc, 'a');
    expect(listNotes(doc).map((n) => n.id)).toEqual(['a', 'b']);
  });

  it('merges two people typing in the same note instead of overwriting', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addNote(a, { id: 'n', wall: 'crappy', text: 'log search slow', author, now: 1 });
    exchange(a, b);
    // Both type at the same moment, before either sees the other's keystrokes.
    setTextMinimal(noteText(a, 'n')!, 'the log search slow');
    setTextMinimal(noteText(b, 'n')!, 'log search slow (40 s)');
    exchange(a, b);
    expect(listNotes(a)[0]?.text).toBe('the log search slow (40 s)');
    expect(listNotes(b)[0]?.text).toBe(listNotes(a)[0]?.text);
  });

  it('skips malformed entries a hostile client might write', () => {
    const doc = new Y.Doc();
    const bad = new Y.Map<unknown>();
    bad.set('wall', 'ceiling');
    doc.getMap('notes').set('bad', bad);
    addNote(doc, { id: 'ok', wall: 'actions', text: 'Fix alarm', author, now: 1 });
    expect(listNotes(doc).map((n) => n.id)).toEqual(['ok']);
  });
});

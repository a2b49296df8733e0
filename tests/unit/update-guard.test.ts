import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '../../server/contract/limits';
import { checkUpdate, type GuardedDoc, type Sender } from '../../server/domain/update-guard';
import {
  addNote,
  deleteNote,
  notesOf,
  noteText,
  restoreNote,
  setTextMinimal,
  updateNote,
} from '../../server/model/notes';
import {
  addLogEntry,
  deleteLogEntry,
  editLogEntry,
  entriesOf,
  restoreLogEntry,
} from '../../server/model/scribe-log';

const ann: Sender = { id: 'ann', name: 'Ann', isFacilitator: false, isScribe: false };
const bob: Sender = { id: 'bob', name: 'Bob', isFacilitator: false, isScribe: false };
const fay: Sender = { id: 'fay', name: 'Fay', isFacilitator: true, isScribe: false };
const sam: Sender = { id: 'sam', name: 'Sam', isFacilitator: false, isScribe: true };

/**
 * A server document and one client per person, as in the room: each client's change goes through the
 * guard before the server applies it, then reaches everyone.
 */
function room(kind: GuardedDoc) {
  const server = new Y.Doc();
  const clients = new Map<string, Y.Doc>();
  const clientOf = (sender: Sender) => {
    let doc = clients.get(sender.id);
    if (!doc) {
      doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      clients.set(sender.id, doc);
    }
    return doc;
  };
  /** Runs `change` on `sender`'s client; returns the guard's verdict on what it sent. */
  const act = (sender: Sender, change: (doc: Y.Doc) => void) => {
    const doc = clientOf(sender);
    const before = Y.encodeStateVector(server);
    change(doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    const verdict = checkUpdate(server, kind, update, sender);
    if (verdict.ok) {
      Y.applyUpdate(server, update);
      for (const other of clients.values()) Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    } else {
      // The refused client starts over from the server, as the browser does after a reload.
      clients.delete(sender.id);
    }
    return verdict;
  };
  return { server, act, clientOf };
}

const note =
  (id: string, author: Sender, extra: Record<string, unknown> = {}) =>
  (doc: Y.Doc) =>
    addNote(doc, { id, wall: 'crappy', text: `note ${id}`, author, now: 1, ...extra });
const ok = { ok: true };

describe('the walls guard accepts every change the room makes', () => {
  it('adding, typing, moving, grouping, planning, deleting and restoring a note, by its author', () => {
    const { act, server } = room('walls');
    expect(act(ann, note('n1', ann))).toEqual(ok);
    expect(
      act(ann, note('n2', ann, { wall: 'actions', turnId: 't1', cardId: 'c1', group: 'alerts' })),
    ).toEqual(ok);
    expect(act(ann, (d) => setTextMinimal(noteText(d, 'n1')!, 'note n1, and more'))).toEqual(ok);
    expect(act(ann, (d) => setTextMinimal(noteText(d, 'n1')!, 'a different note'))).toEqual(ok);
    expect(act(ann, (d) => setTextMinimal(noteText(d, 'n1')!, ''))).toEqual(ok);
    expect(act(ann, (d) => updateNote(d, 'n1', { wall: 'awesome' }))).toEqual(ok);
    expect(act(ann, (d) => updateNote(d, 'n1', { group: 'dashboards' }))).toEqual(ok);
    expect(
      act(ann, (d) => updateNote(d, 'n2', { ownerId: 'bob', dueDate: '2026-12-24', priority: 'high' })),
    ).toEqual(ok);
    expect(act(ann, (d) => updateNote(d, 'n2', { ownerId: null, dueDate: '' }))).toEqual(ok);
    expect(act(ann, (d) => deleteNote(d, 'n1', 'ann', 5))).toEqual(ok);
    expect(act(ann, (d) => restoreNote(d, 'n1'))).toEqual(ok);
    expect(notesOf(server).get('n1')?.get('wall')).toBe('awesome');
    expect(noteText(server, 'n2')?.toString()).toBe('note n2');
  });

  it('the facilitator edits, moves and deletes anyone’s note', () => {
    const { act } = room('walls');
    expect(act(ann, note('n1', ann))).toEqual(ok);
    expect(act(fay, (d) => setTextMinimal(noteText(d, 'n1')!, 'tidied by Fay'))).toEqual(ok);
    expect(act(fay, (d) => updateNote(d, 'n1', { wall: 'actions', priority: 'low' }))).toEqual(ok);
    expect(act(fay, (d) => deleteNote(d, 'n1', 'fay', 9))).toEqual(ok);
    expect(act(ann, (d) => restoreNote(d, 'n1'))).toEqual(ok);
  });

  it('two people typing at once, and a client resending everything after a reconnect', () => {
    const { act, clientOf, server } = room('walls');
    expect(act(ann, note('n1', ann))).toEqual(ok);
    expect(act(bob, note('n2', bob))).toEqual(ok);
    // Bob goes offline, edits his note twice and adds one; on reconnect his sync sends all of it.
    const offline = clientOf(bob);
    setTextMinimal(noteText(offline, 'n2')!, 'offline edit');
    updateNote(offline, 'n2', { wall: 'awesome' });
    updateNote(offline, 'n2', { wall: 'actions' });
    addNote(offline, { id: 'n3', wall: 'awesome', text: 'written offline', author: bob, now: 2 });
    expect(act(bob, () => {})).toEqual(ok);
    // A full resend (sync step 2 against an empty state vector) changes nothing and is accepted.
    const everything = Y.encodeStateAsUpdate(clientOf(bob));
    expect(checkUpdate(server, 'walls', everything, bob)).toEqual(ok);
    expect(notesOf(server).get('n2')?.get('wall')).toBe('actions');
  });
});

describe('the walls guard refuses what the room never writes', () => {
  const cases: [string, Sender, (doc: Y.Doc) => void, RegExp][] = [
    ['a foreign shared type', ann, (d) => d.getMap('bench').set('x', 1), /unexpected shared type "bench"/],
    ['a note under someone else’s id', ann, note('x', bob), /as yourself/],
    [
      'a note under someone else’s name',
      ann,
      (d) => addNote(d, { id: 'x', wall: 'crappy', text: 't', author: { id: 'ann', name: 'Bob' }, now: 1 }),
      /own name/,
    ],
    [
      'a note on an unknown wall',
      ann,
      (d) => addNote(d, { id: 'x', wall: 'secret' as never, text: 't', author: ann, now: 1 }),
      /"wall"/,
    ],
    [
      'a note without text',
      ann,
      (d) => {
        const m = new Y.Map();
        d.transact(() => {
          m.set('id', 'x');
          m.set('authorId', 'ann');
          m.set('authorName', 'Ann');
          m.set('createdAt', 1);
          m.set('wall', 'crappy');
          notesOf(d).set('x', m as never);
        });
      },
      /missing|"text"/,
    ],
    [
      'an unknown field',
      ann,
      (d) =>
        d.transact(() => {
          addNote(d, { id: 'x', wall: 'crappy', text: 't', author: ann, now: 1 });
          notesOf(d).get('x')!.set('votes', 99);
        }),
      /unknown field "votes"/,
    ],
    [
      'a note longer than the limit',
      ann,
      (d) =>
        addNote(d, { id: 'x', wall: 'crappy', text: 'x'.repeat(Limits.noteChars + 1), author: ann, now: 1 }),
      /at most 500 characters/,
    ],
    [
      'formatted text',
      ann,
      (d) =>
        d.transact(() => {
          addNote(d, { id: 'x', wall: 'crappy', text: 't', author: ann, now: 1 });
          noteText(d, 'x')!.format(0, 1, { bold: true });
        }),
      /plain characters/,
    ],
  ];
  for (const [what, sender, change, reason] of cases) {
    it(`refuses ${what}`, () => {
      const { act, server } = room('walls');
      const verdict = act(sender, change);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(reason);
      expect(notesOf(server).size).toBe(0);
      expect(server.share.has('bench') ? server.getMap('bench').size : 0).toBe(0);
    });
  }

  const onAnnsNote: [string, Sender, (doc: Y.Doc) => void, RegExp][] = [
    [
      'another participant editing the text',
      bob,
      (d) => setTextMinimal(noteText(d, 'n1')!, 'vandalised'),
      /author or the facilitator/,
    ],
    [
      'another participant moving it',
      bob,
      (d) => updateNote(d, 'n1', { wall: 'awesome' }),
      /author or the facilitator/,
    ],
    [
      'another participant deleting it',
      bob,
      (d) => deleteNote(d, 'n1', 'bob', 2),
      /author or the facilitator/,
    ],
    ['erasing it outright, even by its author', ann, (d) => notesOf(d).delete('n1'), /never erased/],
    ['erasing it outright, even by the facilitator', fay, (d) => notesOf(d).delete('n1'), /never erased/],
    ['replacing it under the same id', ann, note('n1', ann), /only once/],
    ['changing its author', ann, (d) => notesOf(d).get('n1')!.set('authorId', 'bob'), /cannot be changed/],
    ['erasing a field', ann, (d) => notesOf(d).get('n1')!.delete('wall'), /cannot be erased/],
    ['deleting as someone else', ann, (d) => deleteNote(d, 'n1', 'bob', 2), /delete as yourself/],
    [
      'growing it past the limit',
      ann,
      (d) => noteText(d, 'n1')!.insert(0, 'x'.repeat(Limits.noteChars)),
      /at most 500/,
    ],
  ];
  for (const [what, sender, change, reason] of onAnnsNote) {
    it(`refuses ${what}`, () => {
      const { act, server } = room('walls');
      expect(act(ann, note('n1', ann))).toEqual(ok);
      const before = Y.encodeStateAsUpdate(server);
      const verdict = act(sender, change);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(reason);
      expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    });
  }

  it('refuses a note past the workshop’s quota, and a document past its size', () => {
    const { act, server } = room('walls');
    const many = new Y.Doc();
    for (let i = 0; i < Limits.notesPerWorkshop; i++)
      addNote(many, { id: `n${i}`, wall: 'crappy', text: '', author: ann, now: i });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(many));
    const verdict = act(ann, note('one-more', ann));
    expect(verdict).toEqual({
      ok: false,
      reason: `a workshop may hold at most ${Limits.notesPerWorkshop} notes`,
    });
    const tiny = new Y.Doc();
    addNote(tiny, { id: 'x', wall: 'crappy', text: 't', author: ann, now: 1 });
    expect(checkUpdate(new Y.Doc(), 'walls', Y.encodeStateAsUpdate(tiny), ann, Limits.docBytes).ok).toBe(
      false,
    );
  });
});

describe('the scribe log guard', () => {
  const step = (id: string, author: Sender) => (doc: Y.Doc) =>
    addLogEntry(doc, { id, turnId: 't1', text: `step ${id}`, atMs: 1000, author });

  it('accepts the scribe’s and the facilitator’s steps, edits, deletions and restores', () => {
    const { act, server } = room('log');
    expect(act(sam, step('e1', sam))).toEqual(ok);
    expect(act(fay, step('e2', fay))).toEqual(ok);
    expect(act(sam, (d) => editLogEntry(d, 'e2', 'step e2, corrected'))).toEqual(ok);
    expect(act(sam, (d) => deleteLogEntry(d, 'e1', 'sam', 5))).toEqual(ok);
    expect(act(fay, (d) => restoreLogEntry(d, 'e1'))).toEqual(ok);
    expect(entriesOf(server).length).toBe(2);
  });

  it('refuses steps from others, erasing a step, and changing when it happened', () => {
    const { act, server } = room('log');
    expect(act(sam, step('e1', sam))).toEqual(ok);
    expect(act(ann, step('e2', ann))).toMatchObject({ ok: false, reason: /only the scribe/ });
    expect(act(ann, (d) => editLogEntry(d, 'e1', 'rewritten'))).toMatchObject({ ok: false });
    expect(act(sam, (d) => entriesOf(d).delete(0, 1))).toMatchObject({ ok: false, reason: /never erased/ });
    expect(act(sam, (d) => entriesOf(d).get(0).set('atMs', 5))).toMatchObject({ ok: false });
    expect(act(sam, (d) => d.getMap('notes').set('x', 1))).toMatchObject({
      ok: false,
      reason: /unexpected shared type/,
    });
    expect(entriesOf(server).length).toBe(1);
  });
});

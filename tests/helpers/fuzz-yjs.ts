/**
 * Fuzz inputs for the Yjs endpoint: garbled bytes, random sync and awareness messages, and Yjs updates
 * built from random operations (many hostile) on a copy of the document, plus a raw connection that
 * tells, for every message, whether the server kept the connection (the message was taken, or
 * ignored) or closed it (with which code).
 */
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Limits } from '../../server/contract/limits';
import { addNote, notesOf } from '../../server/model/notes';
import { addLogEntry, entriesOf } from '../../server/model/scribe-log';
import { awarenessMessage, openRawYjs, type RawYjsSocket, updateMessage } from './raw-yjs';

// ---------------------------------------------------------------------------------------------------
// Generated inputs (plain data: the bytes are built when sent, against the document as it is then)
// ---------------------------------------------------------------------------------------------------

/** A value written into a shared type. */
export type FuzzValue =
  | null
  | boolean
  | number
  | string
  | { map: [string, FuzzValue][] }
  | { text: string }
  | { array: FuzzValue[] }
  | { bin: Uint8Array }
  | { xml: string };

/** Whose identity a note or step claims. */
type Claim = 'self' | 'other' | 'fake';

/** One random operation on a copy of the document. */
export type YOp =
  | { k: 'rootMapSet'; root: string; key: string; value: FuzzValue }
  | { k: 'rootMapDelete'; root: string; pick: number }
  | { k: 'rootArrayInsert'; root: string; index: number; values: FuzzValue[] }
  | { k: 'rootArrayDelete'; root: string; index: number; len: number }
  | { k: 'rootText'; root: string; index: number; text: string; bold: boolean }
  | { k: 'rootXml'; root: string }
  | {
      k: 'newNote';
      author: Claim;
      name: Claim;
      wall: string;
      textLen: number;
      drop: string | null;
      extra: [string, FuzzValue] | null;
      reuse: boolean;
    }
  | { k: 'noteSet'; pick: number; key: string; value: FuzzValue }
  | { k: 'noteDelete'; pick: number; key: string }
  | {
      k: 'noteText';
      pick: number;
      action: 'insert' | 'delete' | 'format' | 'embed' | 'replace';
      index: number;
      text: string;
      len: number;
    }
  | { k: 'softDelete'; pick: number; by: Claim; restore: boolean }
  | { k: 'newEntry'; author: Claim; textLen: number; drop: string | null; extra: [string, FuzzValue] | null }
  | { k: 'entrySet'; pick: number; key: string; value: FuzzValue }
  | {
      k: 'entryText';
      pick: number;
      action: 'insert' | 'delete' | 'format';
      index: number;
      text: string;
      len: number;
    }
  | { k: 'entryErase'; pick: number };

/** Byte-level damage done to an otherwise well-formed message. */
export type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

/** One input for the Yjs endpoint. */
export type YjsInput =
  | { k: 'bytes'; bytes: Uint8Array }
  | { k: 'textFrame'; text: string }
  | { k: 'garbled'; ops: YOp[]; mutations: Mutation[] }
  | { k: 'sync'; sub: number; payload: Uint8Array; trailing: Uint8Array }
  | { k: 'step1'; sv: [number, number][] }
  | { k: 'awareness'; entries: { clientId: number; clock: number; state: string }[] }
  | { k: 'queryAwareness' }
  | { k: 'unknownType'; type: number; rest: Uint8Array }
  | { k: 'update'; ops: YOp[]; asStep2: boolean; clientId: number | null }
  | { k: 'gc'; ownClient: boolean; len: number }
  | { k: 'oversize' };

const rootName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('notes', 'entries', 'workshop') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'bench',
      '',
      '__proto__',
      'constructor',
      'toString',
      'notes ',
      'Notes',
      'state',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const fieldName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'id',
      'authorId',
      'authorName',
      'createdAt',
      'wall',
      'turnId',
      'cardId',
      'group',
      'ownerId',
      'dueDate',
      'priority',
      'deletedAt',
      'deletedBy',
      'text',
      'atMs',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('votes', '__proto__', 'hasOwnProperty', 'valueOf', 'x', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const weirdString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom('crappy', 'awesome', 'actions', 'high', 'low', '2026-12-24', '') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 2_000 }).map((n) => 'w'.repeat(n)) },
);
const weirdNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 53, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, -0),
);
const { value: fuzzValue } = fc.letrec<{ value: FuzzValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: fc.boolean() },
    { weight: 6, arbitrary: weirdNumber },
    { weight: 8, arbitrary: weirdString },
    {
      weight: 1,
      arbitrary: fc.record({ map: fc.array(fc.tuple(fieldName, tie('value')), { maxLength: 4 }) }),
    },
    { weight: 2, arbitrary: fc.record({ text: weirdString }) },
    { weight: 1, arbitrary: fc.record({ array: fc.array(tie('value'), { maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ bin: fc.uint8Array({ maxLength: 32 }) }) },
    { weight: 1, arbitrary: fc.record({ xml: fc.string({ maxLength: 8 }) }) },
  ) as fc.Arbitrary<FuzzValue>,
}));
const claim = fc.constantFrom<Claim>('self', 'self', 'self', 'other', 'fake');
const pick = fc.nat(1_000);
const small = fc.nat(600);

const yOp: fc.Arbitrary<YOp> = fc.oneof(
  fc.record({ k: fc.constant('rootMapSet' as const), root: rootName, key: fieldName, value: fuzzValue }),
  fc.record({ k: fc.constant('rootMapDelete' as const), root: rootName, pick }),
  fc.record({
    k: fc.constant('rootArrayInsert' as const),
    root: rootName,
    index: small,
    values: fc.array(fuzzValue, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ k: fc.constant('rootArrayDelete' as const), root: rootName, index: small, len: fc.nat(5) }),
  fc.record({
    k: fc.constant('rootText' as const),
    root: rootName,
    index: small,
    text: weirdString,
    bold: fc.boolean(),
  }),
  fc.record({ k: fc.constant('rootXml' as const), root: rootName }),
  {
    arbitrary: fc.record({
      k: fc.constant('newNote' as const),
      author: claim,
      name: claim,
      wall: fc.constantFrom('crappy', 'awesome', 'actions', 'actions', 'secret'),
      textLen: fc.oneof(fc.nat(40), fc.integer({ min: Limits.noteChars - 2, max: Limits.noteChars + 3 })),
      drop: fc.option(fieldName, { nil: null, freq: 3 }),
      extra: fc.option(fc.tuple(fieldName, fuzzValue), { nil: null, freq: 3 }),
      reuse: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ k: fc.constant('noteSet' as const), pick, key: fieldName, value: fuzzValue }),
    weight: 3,
  },
  fc.record({ k: fc.constant('noteDelete' as const), pick, key: fieldName }),
  {
    arbitrary: fc.record({
      k: fc.constant('noteText' as const),
      pick,
      action: fc.constantFrom<'insert' | 'delete' | 'format' | 'embed' | 'replace'>(
        'insert',
        'insert',
        'delete',
        'format',
        'embed',
        'replace',
      ),
      index: small,
      text: weirdString,
      len: small,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ k: fc.constant('softDelete' as const), pick, by: claim, restore: fc.boolean() }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('newEntry' as const),
      author: claim,
      textLen: fc.oneof(fc.nat(40), fc.integer({ min: Limits.noteChars - 2, max: Limits.noteChars + 3 })),
      drop: fc.option(fieldName, { nil: null, freq: 3 }),
      extra: fc.option(fc.tuple(fieldName, fuzzValue), { nil: null, freq: 3 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ k: fc.constant('entrySet' as const), pick, key: fieldName, value: fuzzValue }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('entryText' as const),
      pick,
      action: fc.constantFrom<'insert' | 'delete' | 'format'>('insert', 'delete', 'format'),
      index: small,
      text: weirdString,
      len: small,
    }),
    weight: 2,
  },
  fc.record({ k: fc.constant('entryErase' as const), pick }),
);
const yOps = fc.array(yOp, { minLength: 1, maxLength: 4 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(400), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(400) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(400),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

const awarenessState = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom(
    'null',
    '{',
    '',
    '{"user":{"name":"The CEO","role":"facilitator"}}',
    '{"__proto__":{"x":1}}',
  ),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => JSON.stringify({ blob: 'b'.repeat(n) })),
);

/** Every kind of input, weighted towards updates built from operations (the guard's work). */
export const yjsInput: fc.Arbitrary<YjsInput> = fc.oneof(
  {
    weight: 50,
    arbitrary: fc.record({ k: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('bytes' as const),
      bytes: fc.uint8Array({ minLength: 64, maxLength: 4_096 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ k: fc.constant('textFrame' as const), text: fc.string({ maxLength: 20 }) }),
  },
  {
    weight: 50,
    arbitrary: fc.record({
      k: fc.constant('garbled' as const),
      ops: yOps,
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 30,
    arbitrary: fc.record({
      k: fc.constant('sync' as const),
      sub: fc.oneof(fc.constantFrom(0, 1, 2), fc.nat(300)),
      payload: fc.uint8Array({ maxLength: 48 }),
      trailing: fc.uint8Array({ maxLength: 4 }),
    }),
  },
  {
    weight: 15,
    arbitrary: fc.record({
      k: fc.constant('step1' as const),
      sv: fc.array(fc.tuple(fc.nat(2 ** 32 - 1), fc.nat(2 ** 31)), { maxLength: 4 }),
    }),
  },
  {
    weight: 30,
    arbitrary: fc.record({
      k: fc.constant('awareness' as const),
      entries: fc.array(
        fc.record({ clientId: fc.nat(2 ** 32 - 1), clock: fc.nat(2 ** 31), state: awarenessState }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  { weight: 5, arbitrary: fc.constant({ k: 'queryAwareness' as const }) },
  {
    weight: 10,
    arbitrary: fc.record({
      k: fc.constant('unknownType' as const),
      type: fc.integer({ min: 2, max: 1_000 }).filter((t) => t !== 3),
      rest: fc.uint8Array({ maxLength: 8 }),
    }),
  },
  {
    weight: 240,
    arbitrary: fc.record({
      k: fc.constant('update' as const),
      ops: yOps,
      asStep2: fc.boolean(),
      clientId: fc.option(fc.nat(2 ** 32 - 1), { nil: null, freq: 4 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('gc' as const),
      ownClient: fc.boolean(),
      len: fc.integer({ min: 1, max: 2 ** 20 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'oversize' as const }) },
);

// ---------------------------------------------------------------------------------------------------
// Building the bytes
// ---------------------------------------------------------------------------------------------------

/** Who sends, and who else is in the room (for notes and steps written under someone else's name). */
export interface Identity {
  me: { id: string; name: string };
  others: { id: string; name: string }[];
}

function toYValue(value: FuzzValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('map' in value) {
    const map = new Y.Map<unknown>();
    for (const [k, v] of value.map) map.set(k, toYValue(v));
    return map;
  }
  if ('text' in value) return new Y.Text(value.text);
  if ('array' in value) return Y.Array.from(value.array.map(toYValue) as never[]);
  if ('bin' in value) return value.bin;
  return new Y.XmlText(value.xml);
}

const claimed = (c: Claim, who: Identity, field: 'id' | 'name', salt: number) =>
  c === 'self'
    ? who.me[field]
    : c === 'other'
      ? who.others[salt % who.others.length]![field]
      : field === 'id'
        ? `fake-${salt}`
        : 'The CEO';

const at = <T>(list: T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

/** Applies `ops` to `doc` (a copy of the server's document); an operation Yjs itself refuses is skipped. */
export function applyOps(doc: Y.Doc, ops: YOp[], who: Identity): void {
  let n = 0;
  const noteIds = () => [...notesOf(doc).keys()].sort();
  const entries = () => entriesOf(doc).toArray();
  for (const op of ops) {
    n++;
    try {
      doc.transact(() => applyOp(doc, op, who, n, noteIds, entries));
    } catch {
      // e.g. a root already defined with another type in this copy
    }
  }
}

function applyOp(
  doc: Y.Doc,
  op: YOp,
  who: Identity,
  n: number,
  noteIds: () => string[],
  entries: () => Y.Map<unknown>[],
): void {
  switch (op.k) {
    case 'rootMapSet':
      doc.getMap(op.root).set(op.key, toYValue(op.value));
      return;
    case 'rootMapDelete': {
      const map = doc.getMap(op.root);
      const key = at([...map.keys()].sort(), op.pick);
      if (key !== undefined) map.delete(key);
      return;
    }
    case 'rootArrayInsert': {
      const array = doc.getArray(op.root);
      array.insert(op.index % (array.length + 1), op.values.map(toYValue));
      return;
    }
    case 'rootArrayDelete': {
      const array = doc.getArray(op.root);
      if (array.length === 0) return;
      const index = op.index % array.length;
      array.delete(index, Math.min(op.len + 1, array.length - index));
      return;
    }
    case 'rootText': {
      const text = doc.getText(op.root);
      text.insert(op.index % (text.length + 1), op.text || 't', op.bold ? { bold: true } : undefined);
      return;
    }
    case 'rootXml':
      doc.getXmlFragment(op.root).insert(0, [new Y.XmlElement('p')]);
      return;
    case 'newNote': {
      const existing = at(noteIds(), n);
      const id = op.reuse && existing ? existing : `fz-${doc.clientID}-${n}`;
      addNote(doc, {
        id,
        wall: op.wall as never,
        text: 'n'.repeat(op.textLen),
        author: { id: claimed(op.author, who, 'id', n), name: claimed(op.name, who, 'name', n) },
        now: Date.now(),
      });
      const note = notesOf(doc).get(id);
      if (op.drop) note?.delete(op.drop);
      if (op.extra) note?.set(op.extra[0], toYValue(op.extra[1]));
      return;
    }
    case 'noteSet': {
      const id = at(noteIds(), op.pick);
      if (id) notesOf(doc).get(id)?.set(op.key, toYValue(op.value));
      return;
    }
    case 'noteDelete': {
      const id = at(noteIds(), op.pick);
      if (id) notesOf(doc).get(id)?.delete(op.key);
      return;
    }
    case 'noteText': {
      const id = at(noteIds(), op.pick);
      const note = id ? notesOf(doc).get(id) : undefined;
      editText(note, op);
      return;
    }
    case 'softDelete': {
      const id = at(noteIds(), op.pick);
      const note = id ? notesOf(doc).get(id) : undefined;
      if (!(note instanceof Y.Map)) return;
      note.set('deletedAt', op.restore ? null : Date.now());
      note.set('deletedBy', op.restore ? null : claimed(op.by, who, 'id', n));
      return;
    }
    case 'newEntry': {
      addLogEntry(doc, {
        id: `fz-${doc.clientID}-${n}`,
        turnId: 'turn-1',
        text: 's'.repeat(op.textLen),
        atMs: 1_000,
        author: { id: claimed(op.author, who, 'id', n), name: claimed(op.author, who, 'name', n) },
      });
      const entry = entriesOf(doc).get(entriesOf(doc).length - 1);
      if (op.drop) entry?.delete(op.drop);
      if (op.extra) entry?.set(op.extra[0], toYValue(op.extra[1]));
      return;
    }
    case 'entrySet': {
      const entry = at(entries(), op.pick);
      if (entry instanceof Y.Map) entry.set(op.key, toYValue(op.value));
      return;
    }
    case 'entryText': {
      const entry = at(entries(), op.pick);
      editText(entry instanceof Y.Map ? entry : undefined, op);
      return;
    }
    case 'entryErase': {
      const array = entriesOf(doc);
      if (array.length > 0) array.delete(op.pick % array.length, 1);
      return;
    }
  }
}

function editText(
  owner: Y.Map<unknown> | undefined,
  op: { action: string; index: number; text: string; len: number },
): void {
  if (!(owner instanceof Y.Map)) return;
  if (op.action === 'replace') {
    owner.set('text', new Y.Text(op.text));
    return;
  }
  const text = owner.get('text');
  if (!(text instanceof Y.Text)) return;
  const index = op.index % (text.length + 1);
  if (op.action === 'insert') text.insert(index, op.text || 'i');
  else if (op.action === 'delete') text.delete(index, Math.min(op.len + 1, text.length - index));
  else if (op.action === 'format') text.format(index, op.len + 1, { bold: true });
  else text.insertEmbed(index, { image: 'x' });
}

/** A Yjs update: `ops` applied to a copy of `base`, as the difference from it. */
export function buildUpdate(base: Y.Doc, ops: YOp[], who: Identity, clientId: number | null): Uint8Array {
  const doc = new Y.Doc();
  // A chosen client id may be someone else's: the server does not tie client ids to people.
  if (clientId !== null) doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  applyOps(doc, ops, who);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

function syncMessage(sub: number, payload: Uint8Array, trailing: Uint8Array = new Uint8Array()): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  encoding.writeUint8Array(encoder, trailing);
  return encoding.toUint8Array(encoder);
}

/** A sync step 1 with the state vector `sv`: the server answers with step 2. */
export function step1Message(sv: Uint8Array): Uint8Array {
  return syncMessage(0, sv);
}

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    if (m.kind === 'flip' && out.length > 0) out[m.at % out.length] = m.value;
    else if (m.kind === 'truncate') out = out.slice(0, m.at % (out.length + 1));
    else if (m.kind === 'append') out = Uint8Array.from([...out, ...m.bytes]);
    else if (m.kind === 'insert') {
      const i = m.at % (out.length + 1);
      out = Uint8Array.from([...out.slice(0, i), ...m.bytes, ...out.slice(i)]);
    }
  }
  return out;
}

/** What to send for `input`: bytes, or a text frame. */
export function buildMessage(input: YjsInput, base: Y.Doc, who: Identity): Uint8Array | string {
  switch (input.k) {
    case 'bytes':
      return input.bytes;
    case 'textFrame':
      return input.text;
    case 'garbled':
      return mutate(updateMessage(buildUpdate(base, input.ops, who, null)), input.mutations);
    case 'sync':
      return syncMessage(input.sub, input.payload, input.trailing);
    case 'step1': {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, input.sv.length);
      for (const [client, clock] of input.sv) {
        encoding.writeVarUint(encoder, client);
        encoding.writeVarUint(encoder, clock);
      }
      return step1Message(encoding.toUint8Array(encoder));
    }
    case 'awareness': {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, input.entries.length);
      for (const entry of input.entries) {
        encoding.writeVarUint(inner, entry.clientId);
        encoding.writeVarUint(inner, entry.clock);
        encoding.writeVarString(inner, entry.state);
      }
      const outer = encoding.createEncoder();
      encoding.writeVarUint(outer, 1);
      encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
      return encoding.toUint8Array(outer);
    }
    case 'queryAwareness':
      return new Uint8Array([3]);
    case 'unknownType': {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, input.type);
      encoding.writeUint8Array(encoder, input.rest);
      return encoding.toUint8Array(encoder);
    }
    case 'update': {
      const update = buildUpdate(base, input.ops, who, input.clientId);
      return input.asStep2 ? syncMessage(1, update) : updateMessage(update);
    }
    case 'gc': {
      // A GC struct over clocks of a client: the document's own first client, or a fresh one.
      const clients = [...base.store.clients.keys()].sort((a, b) => a - b);
      const client = input.ownClient || clients.length === 0 ? 123_456_789 : clients[0]!;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, Y.getState(base.store, client));
      encoding.writeUint8(encoder, 0);
      encoding.writeVarUint(encoder, input.len);
      encoding.writeVarUint(encoder, 0);
      return updateMessage(encoding.toUint8Array(encoder));
    }
    case 'oversize':
      return awarenessMessage(42, 1, { blob: 'o'.repeat(1_100_000) });
  }
}

/** How the server will read `message`, as far as the test needs: an answer expected, an update to apply. */
export function readMessage(message: Uint8Array | string): { answers: boolean; update?: Uint8Array } {
  if (typeof message === 'string') return { answers: false };
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== 0) return { answers: false };
    const sub = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (sub === 0) {
      Y.decodeStateVector(payload);
      return { answers: true };
    }
    if (sub === 1 || sub === 2) return { answers: false, update: payload };
  } catch {
    // the server closes the connection
  }
  return { answers: false };
}

// ---------------------------------------------------------------------------------------------------
// A connection that tells the fate of each message
// ---------------------------------------------------------------------------------------------------

/** What became of one message. */
export type Fate = { kept: true } | { kept: false; code: number; reason: string };

/**
 * A raw connection to one Yjs document that reopens when the server closes it. After each message it
 * sends a sync step 1 and waits for its answer: the server handles a connection's messages in order,
 * so the answer means the message was handled and the connection kept; a close means it was refused.
 */
export class FuzzLane {
  private raw: RawYjsSocket | undefined;
  private answers = 0;
  private expected = 0;
  private closedWith: { code: number; reason: string } | undefined;
  private wake: (() => void) | undefined;
  reconnects = 0;

  constructor(
    private readonly baseUrl: string,
    readonly path: string,
    readonly token: string,
  ) {}

  private async open(): Promise<RawYjsSocket> {
    if (this.raw && !this.closedWith) return this.raw;
    this.reconnects++;
    this.answers = 0;
    this.expected = 0;
    this.closedWith = undefined;
    const raw = openRawYjs(this.baseUrl, this.path, this.token);
    this.raw = raw;
    raw.ws.on('message', (data: Buffer) => {
      raw.messages.length = 0;
      if (data[0] === 0 && data[1] === 1) this.answers++;
      this.wake?.();
    });
    void raw.closed.then((closed) => {
      if (this.raw !== raw) return;
      this.closedWith = closed;
      this.wake?.();
    });
    // A connection that does not open is reported by `closed`, as a close with its code.
    await raw.opened.catch(() => raw.closed);
    return raw;
  }

  /** Sends `message`, then a marker; resolves with the message's fate. */
  async send(message: Uint8Array | string, markerSv: Uint8Array, timeoutMs = 10_000): Promise<Fate> {
    const raw = await this.open();
    if (this.closedWith) return { kept: false, ...this.closedWith };
    if (readMessage(message).answers) this.expected++;
    raw.ws.send(message);
    if (!this.closedWith) {
      raw.ws.send(step1Message(markerSv));
      this.expected++;
    }
    const deadline = Date.now() + timeoutMs;
    while (!this.closedWith && this.answers < this.expected) {
      if (Date.now() > deadline) throw new Error(`no answer on ${this.path} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50).unref();
      });
    }
    // Read again: TypeScript does not see the close handler set it during the awaits.
    const closed = this.closedWith as { code: number; reason: string } | undefined;
    return closed ? { kept: false, ...closed } : { kept: true };
  }

  close(): void {
    this.raw?.ws.terminate();
  }
}

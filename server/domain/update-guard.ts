/**
 * Checks a client's Yjs update to the walls or the scribe log against the sender's identity and role
 * before anything is applied, relayed or persisted. The update is decoded (not applied) and every
 * inserted item is placed by its parent: a note's map, a note's text, an entry's map or text, or a
 * root. Allowed: the shapes the app writes (fields, types, lengths), authors set once and equal to
 * the sender, edits and soft deletions of a note by its author or the facilitator, scribe steps by the
 * scribe or the facilitator, within the quotas. Anything else refuses the whole update.
 */
import * as Y from 'yjs';
import { Limits } from '../contract/limits';
import { type DocKind, PRIORITIES, WALLS } from '../contract/vocabulary';
import {
  entryFields,
  fixedFields,
  id64,
  noteFields,
  requiredEntryFields,
  requiredNoteFields,
} from './guard-fields';
import { type Loc, MISSING, Refusal, refuse, UpdateLocator } from './update-locator';

/** Who sends the update, as the server knows them. */
export interface Sender {
  id: string;
  name: string;
  isFacilitator: boolean;
  isScribe: boolean;
}

/** The guard's answer. */
export type Verdict =
  | { ok: true }
  /** `missing`: the update builds on content this server does not have (yet); it may be judged again later. */
  | { ok: false; reason: string; missing?: boolean };

/** Which document the update is for. */
export type GuardedDoc = Exclude<DocKind, 'state'>;

/** Checks `update` from `sender` against the live document `doc` of kind `kind`; `docBytes` is its size so far. */
export function checkUpdate(
  doc: Y.Doc,
  kind: GuardedDoc,
  update: Uint8Array,
  sender: Sender,
  docBytes = 0,
  clientOwners: Map<number, string> = new Map(),
  /**
   * Whether new Yjs client ids in the update become the sender's: yes for an update a client sends as
   * it edits (its own writes), no for a sync step 2, which may carry others' edits it relays.
   */
  claim = true,
): Verdict {
  try {
    const claimed = new Guard(doc, kind, sender, clientOwners).check(update, docBytes);
    // The update is applied right after an ok: from now on these Yjs client ids write as this person.
    if (claim) for (const client of claimed) clientOwners.set(client, sender.id);
    return { ok: true };
  } catch (error) {
    if (error instanceof Refusal)
      return error.message === MISSING
        ? { ok: false, reason: error.message, missing: true }
        : { ok: false, reason: error.message };
    return { ok: false, reason: 'the update could not be read' };
  }
}

class Guard {
  /** Where each item of the update sits. */
  private readonly at: UpdateLocator;
  /** Items written per (owner, field), to find which one ends up as the field's value. */
  private readonly fieldWrites = new Map<string, { owner: Loc; field: string; items: Y.Item[] }>();
  /** Characters added (or removed) per text, by `noteText:<key>` or `entryText:<key>`. */
  private readonly textDelta = new Map<
    string,
    { loc: Loc & { kind: 'noteText' | 'entryText' }; delta: number }
  >();
  private newNotes = 0;
  private newEntries = 0;
  /** Notes and entries created by this update: they must arrive whole. */
  private readonly created: Loc[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly kind: GuardedDoc,
    private readonly sender: Sender,
    private readonly clientOwners: Map<number, string>,
  ) {
    this.at = new UpdateLocator(doc, kind);
  }

  private rootMap(): Map<string, Y.Item> {
    return (this.doc.getMap('notes') as unknown as { _map: Map<string, Y.Item> })._map;
  }

  /** Checks the update; returns the Yjs client ids it writes under for the first time. */
  check(update: Uint8Array, docBytes: number): number[] {
    if (docBytes + update.byteLength > Limits.docBytes)
      refuse('this document is full: it has reached its size limit');
    const { structs, ds } = Y.decodeUpdate(update);
    const claimed = this.checkClients(structs);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      this.at.add(struct);
    }
    for (const struct of structs)
      if (struct instanceof Y.Item && !this.at.isKnown(struct)) this.checkItem(struct);
    for (const { owner, field, items } of this.fieldWrites.values()) this.checkField(owner, field, items);
    for (const owner of this.created) {
      if (owner.kind !== 'note' && owner.kind !== 'entry') continue;
      const required = owner.kind === 'note' ? requiredNoteFields : requiredEntryFields;
      const missing = required.find((field) => !this.fieldWrites.has(`${owner.kind}:${owner.key}:${field}`));
      if (missing) refuse(`a new ${owner.kind === 'note' ? 'note' : 'step'} is missing "${missing}"`);
    }
    for (const [client, deletes] of ds.clients) {
      for (const { clock, len } of deletes) this.checkDelete(client, clock, len);
    }
    for (const { loc, delta } of this.textDelta.values()) {
      if (loc.kind !== 'noteText' && loc.kind !== 'entryText') continue;
      if ((loc.text?.length ?? 0) + delta > Limits.noteChars)
        refuse(
          `a ${loc.kind === 'noteText' ? 'note' : 'step'} may hold at most ${Limits.noteChars} characters`,
        );
    }
    if (this.kind === 'walls' && this.rootMap().size + this.newNotes > Limits.notesPerWorkshop)
      refuse(`a workshop may hold at most ${Limits.notesPerWorkshop} notes`);
    if (
      this.kind === 'log' &&
      this.doc.getArray('entries').length + this.newEntries > Limits.logEntriesPerWorkshop
    )
      refuse(`a workshop may hold at most ${Limits.logEntriesPerWorkshop} scribe steps`);
    return claimed;
  }

  /**
   * New structs must follow on what the server has of their Yjs client, with no gap (Yjs would hold
   * them aside, out of every check and quota), and a client id belongs to the person who first wrote
   * with it here: nobody may write, or burn clock ranges with GC structs, under someone else's.
   */
  private checkClients(structs: (Y.Item | Y.GC | Y.Skip)[]): number[] {
    const next = new Map<number, number>();
    const claimed: number[] = [];
    for (const struct of structs) {
      const { client, clock } = struct.id;
      if (struct instanceof Y.Skip) refuse(MISSING);
      const last = this.doc.store.clients.get(client)?.at(-1);
      const expected = next.get(client) ?? (last ? last.id.clock + last.length : 0);
      if (clock + struct.length <= expected) continue;
      if (clock > expected) refuse(MISSING);
      next.set(client, clock + struct.length);
      const owner = this.clientOwners.get(client);
      if (owner === undefined) {
        if (!claimed.includes(client)) claimed.push(client);
      } else if (owner !== this.sender.id) refuse('the update writes as another person');
    }
    return claimed;
  }

  private checkItem(item: Y.Item): void {
    const parent = this.at.parentOf(item);
    const content = item.content;
    const deleted = content instanceof Y.ContentDeleted;
    switch (parent.kind) {
      case 'root': {
        if (parent.name !== this.at.root) refuse(`unexpected shared type "${parent.name.slice(0, 40)}"`);
        if (this.kind === 'walls') {
          const key = this.at.keyOf(item);
          if (key === null || !id64(key)) refuse('a note needs an id');
          if (this.rootMap().has(key!)) refuse('a note id can be used only once');
          this.newNotes++;
        } else {
          if (this.at.keyOf(item) !== null) refuse('scribe steps form a list');
          if (!this.sender.isScribe && !this.sender.isFacilitator) refuse('only the scribe writes the log');
          this.newEntries++;
        }
        if (deleted) return;
        if (!(content instanceof Y.ContentType && content.type instanceof Y.Map))
          refuse('a note or step must be a map');
        this.created.push(this.at.typeLocById(item.id));
        return;
      }
      case 'note':
      case 'entry': {
        const field = this.at.keyOf(item);
        const known = parent.kind === 'note' ? noteFields : entryFields;
        if (field === null || (field !== 'text' && !Object.hasOwn(known, field)))
          refuse(`unknown field "${field}"`);
        if (parent.type) {
          this.mayEdit(parent);
          if (fixedFields.has(field!)) refuse(`"${field}" cannot be changed`);
          if (parent.kind === 'entry' && !field!.startsWith('deleted'))
            refuse('a step is changed through its text');
        }
        const key = `${parent.kind}:${parent.key}:${field}`;
        const writes = this.fieldWrites.get(key) ?? { owner: parent, field: field!, items: [] };
        writes.items.push(item);
        this.fieldWrites.set(key, writes);
        return;
      }
      case 'noteText':
      case 'entryText': {
        if (!deleted && !(content instanceof Y.ContentString)) refuse('text may hold plain characters only');
        if (parent.owner.type) this.mayEdit(parent.owner);
        if (!deleted) this.addText(parent, item.length);
        return;
      }
      default:
        refuse('the update writes where the app never does');
    }
  }

  private addText(loc: Loc & { kind: 'noteText' | 'entryText' }, length: number): void {
    const key = `${loc.kind}:${loc.key}`;
    const known = this.textDelta.get(key);
    // The text as the document holds it now (a new note's text starts empty).
    const entry = known ?? { loc, delta: 0 };
    if (!entry.loc.text && loc.text) entry.loc = loc;
    entry.delta += length;
    this.textDelta.set(key, entry);
  }

  /** The value a field ends up with is the write no other write of the update follows. */
  private checkField(owner: Loc, field: string, items: Y.Item[]): void {
    const followed = new Set(items.map((i) => i.origin && `${i.origin.client}:${i.origin.clock}`));
    const last = items.filter((i) => !followed.has(`${i.id.client}:${i.id.clock + i.length - 1}`));
    if (last.length !== 1) refuse(`"${field}" is written twice at once`);
    const { content } = last[0]!;
    if (field === 'text') {
      if (!(content instanceof Y.ContentType && content.type instanceof Y.Text)) refuse('text must be text');
      return;
    }
    const valid = (owner.kind === 'note' ? noteFields : entryFields)[field]!;
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1 || !valid(content.arr[0]))
      refuse(`"${field}" has a value the app never writes`);
    const value = (content as Y.ContentAny).arr[0];
    if (field === 'authorId' && value !== this.sender.id) refuse('you can only write as yourself');
    if (field === 'authorName' && value !== this.sender.name)
      refuse('you can only write under your own name');
    if (field === 'deletedBy' && value !== null && value !== this.sender.id)
      refuse('you can only delete as yourself');
    if (owner.kind === 'note' || owner.kind === 'entry') {
      if (!owner.type && field === 'id' && owner.kind === 'note' && value !== owner.key)
        refuse('a note’s id must match its key');
    }
  }

  /** The author and the facilitator edit a note; the scribe and the facilitator edit the log. */
  private mayEdit(owner: Loc & { kind: 'note' | 'entry' }): void {
    if (this.sender.isFacilitator) return;
    if (owner.kind === 'entry') {
      if (!this.sender.isScribe) refuse('only the scribe writes the log');
      return;
    }
    if (owner.authorId !== this.sender.id) refuse('only its author or the facilitator may change a note');
  }

  private checkDelete(client: number, clock: number, len: number): void {
    const structs = this.doc.store.clients.get(client) ?? [];
    const end = clock + len;
    let at = clock;
    const known = structs.length > 0 ? structs.at(-1)!.id.clock + structs.at(-1)!.length : 0;
    if (clock < known) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        const struct = structs[i]!;
        at = struct.id.clock + struct.length;
        if (struct instanceof Y.Item && !struct.deleted) this.checkDeletedItem(struct);
      }
    }
    // The rest must be this update's own new items (deleted as they were written).
    const own = this.at.fresh.get(client) ?? [];
    while (at < end) {
      const item = own.find((i) => i.id.clock <= at && at < i.id.clock + i.length);
      if (!item) refuse('the update deletes something that does not exist');
      at = item!.id.clock + item!.length;
    }
  }

  private checkDeletedItem(item: Y.Item): void {
    const parent = this.at.docTypeLoc(item.parent as Y.AbstractType<unknown>);
    switch (parent.kind) {
      case 'root':
        refuse('notes and steps are never erased: they are marked deleted, and can be restored');
        return;
      case 'note':
      case 'entry': {
        this.mayEdit(parent);
        // Overwriting a field deletes its old value; deleting it without a new one would erase it.
        if (!this.fieldWrites.has(`${parent.kind}:${parent.key}:${item.parentSub}`))
          refuse(`"${item.parentSub}" cannot be erased`);
        return;
      }
      case 'noteText':
      case 'entryText':
        this.mayEdit(parent.owner);
        this.addText(parent, -item.length);
        return;
      default:
        refuse('the update deletes where the app never does');
    }
  }
}

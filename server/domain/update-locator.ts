import * as Y from 'yjs';

/** Where an item of an update sits: a root, a note or entry (map), its text, or nowhere allowed. */
export type Loc =
  | { kind: 'root'; name: string }
  | { kind: 'note' | 'entry'; key: string; type: Y.Map<unknown> | null; authorId: string | null }
  | {
      kind: 'noteText' | 'entryText';
      key: string;
      text: Y.Text | null;
      owner: Loc & { kind: 'note' | 'entry' };
    }
  | { kind: 'invalid' };

/** A refused update; `MISSING` as its message means it may be judged again once more arrived. */
export class Refusal extends Error {}
/** The reason of an update that builds on content the server does not have (yet). */
export const MISSING = 'the update depends on content the server does not have';
/** Refuses the update being checked. */
export const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/**
 * Places the items of one decoded update in the document they are for: by their parent, resolved
 * through their neighbours (origins) when Yjs left it out, among the update's own new items first.
 */
export class UpdateLocator {
  /** The update's own items, by Yjs client. */
  readonly fresh = new Map<number, Y.Item[]>();
  private readonly parentLocs = new Map<Y.Item, Loc>();
  private readonly typeLocs = new Map<Y.Item, Loc>();
  /** The root shared type notes or entries live in. */
  readonly root: string;

  constructor(
    private readonly doc: Y.Doc,
    private readonly kind: 'walls' | 'log',
  ) {
    this.root = kind === 'walls' ? 'notes' : 'entries';
  }

  /** Registers an item of the update before any is placed. */
  add(item: Y.Item): void {
    const list = this.fresh.get(item.id.client) ?? [];
    list.push(item);
    this.fresh.set(item.id.client, list);
  }

  /** Already in the document: Yjs skips it, so it changes nothing. */
  isKnown(item: Y.Item): boolean {
    const structs = this.doc.store.clients.get(item.id.client);
    const last = structs?.at(-1);
    return last !== undefined && last.id.clock + last.length >= item.id.clock + item.length;
  }

  /**
   * The map key an item of the update writes. Yjs leaves parent and key out of an item that has a
   * neighbour (its origin): both are the neighbour's.
   */
  keyOf(item: Y.Item): string | null {
    if (item.parent !== null) return item.parentSub;
    const neighbour = item.origin ?? item.rightOrigin;
    const found = neighbour ? this.find(neighbour) : undefined;
    if (!found) refuse(MISSING);
    return found!.fresh ? this.keyOf(found!.item) : found!.item.parentSub;
  }

  /** Where an item of the update sits: its parent, resolved through its origins if need be. */
  parentOf(item: Y.Item): Loc {
    const memo = this.parentLocs.get(item);
    if (memo) return memo;
    let loc: Loc;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') loc = { kind: 'root', name: parent };
    else if (parent instanceof Y.ID) loc = this.typeLocById(parent);
    else {
      const neighbour = item.origin ?? item.rightOrigin;
      const found = neighbour ? this.find(neighbour) : undefined;
      if (!found) refuse(MISSING);
      loc = found!.fresh
        ? this.parentOf(found!.item)
        : this.docTypeLoc(found!.item.parent as Y.AbstractType<unknown>);
    }
    this.parentLocs.set(item, loc);
    return loc;
  }

  typeLocById(id: Y.ID): Loc {
    const found = this.find(id);
    if (!found) refuse(MISSING);
    const { item, fresh } = found!;
    if (!fresh) {
      const content = item.content;
      return content instanceof Y.ContentType ? this.docTypeLoc(content.type) : { kind: 'invalid' };
    }
    const memo = this.typeLocs.get(item);
    if (memo) return memo;
    const content = item.content;
    const type = content instanceof Y.ContentType ? content.type : null;
    const loc = this.derive(this.parentOf(item), this.keyOf(item), type, null);
    this.typeLocs.set(item, loc);
    return loc;
  }

  /** Where a type already in the document sits. */
  docTypeLoc(type: Y.AbstractType<unknown>): Loc {
    const item = type._item;
    if (!item) return { kind: 'root', name: Y.findRootTypeKey(type) };
    return this.derive(this.docTypeLoc(item.parent as Y.AbstractType<unknown>), item.parentSub, type, type);
  }

  derive(
    parent: Loc,
    key: string | null,
    type: Y.AbstractType<unknown> | null,
    existing: Y.AbstractType<unknown> | null,
  ): Loc {
    if (parent.kind === 'root' && parent.name === this.root && type instanceof Y.Map) {
      const map = existing as Y.Map<unknown> | null;
      const authorId = map ? String(map.get('authorId') ?? '') : null;
      if (this.kind === 'walls' && key !== null) return { kind: 'note', key, type: map, authorId };
      if (this.kind === 'log' && key === null)
        return {
          kind: 'entry',
          key: `${type._item?.id.client}:${type._item?.id.clock}`,
          type: map,
          authorId,
        };
    }
    if ((parent.kind === 'note' || parent.kind === 'entry') && key === 'text' && type instanceof Y.Text) {
      return {
        kind: parent.kind === 'note' ? 'noteText' : 'entryText',
        key: parent.key,
        text: existing as Y.Text | null,
        owner: parent,
      };
    }
    return { kind: 'invalid' };
  }

  find(id: Y.ID): { item: Y.Item; fresh: boolean } | undefined {
    const own = this.fresh
      .get(id.client)
      ?.find((i) => i.id.clock <= id.clock && id.clock < i.id.clock + i.length);
    if (own) return { item: own, fresh: !this.isKnown(own) };
    const structs = this.doc.store.clients.get(id.client);
    const last = structs?.at(-1);
    if (!structs || !last || id.clock >= last.id.clock + last.length) return undefined;
    const struct = structs[Y.findIndexSS(structs, id.clock)];
    return struct instanceof Y.Item ? { item: struct, fresh: false } : undefined;
  }
}

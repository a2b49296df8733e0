import * as Y from 'yjs';

/** Visible content of a Y.Doc as plain JSON, for comparing documents that must hold the same thing. */
export type Shape = { [root: string]: TypeShape };
/** One shared type: its map entries and its list content (text runs merged), each only when present. */
export interface TypeShape {
  type: string;
  map?: Record<string, unknown>;
  list?: unknown[];
}

/**
 * Every non-empty root type of `doc` with everything it holds, read from Yjs's internals so it works
 * whatever type a root was created as (a root a hostile update created is a bare AbstractType on the
 * receiving side, which `toJSON` would show as `{}`). Deleted content is left out.
 */
export function docShape(doc: Y.Doc): Shape {
  const shape: Shape = {};
  for (const [name, type] of doc.share) {
    const described = describeType(type);
    if (described.map || described.list) shape[name] = described;
  }
  return shape;
}

// biome-ignore lint/suspicious/noExplicitAny: any shared type
function describeType(type: Y.AbstractType<any>): TypeShape {
  const described: TypeShape = { type: type.constructor.name };
  const map: Record<string, unknown> = {};
  for (const [key, item] of type._map) {
    if (item.deleted) continue;
    const values = contentValues(item.content);
    Object.defineProperty(map, key, {
      value: values[values.length - 1],
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  if (Object.keys(map).length > 0) described.map = map;
  const list: unknown[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) {
      if (!item.deleted && item.content instanceof Y.ContentFormat)
        list.push({ format: { [item.content.key]: item.content.value } });
      continue;
    }
    for (const value of contentValues(item.content)) {
      const last = list[list.length - 1];
      if (typeof value === 'string' && item.content instanceof Y.ContentString && typeof last === 'string')
        list[list.length - 1] = last + value;
      else list.push(value);
    }
  }
  if (list.length > 0) described.list = list;
  return described;
}

function contentValues(content: Y.Item['content']): unknown[] {
  if (content instanceof Y.ContentString) return [content.str];
  if (content instanceof Y.ContentType) return [describeType(content.type)];
  if (content instanceof Y.ContentAny) return content.arr;
  if (content instanceof Y.ContentJSON) return content.arr;
  if (content instanceof Y.ContentBinary) return [{ binary: [...content.content] }];
  if (content instanceof Y.ContentEmbed) return [{ embed: content.embed }];
  if (content instanceof Y.ContentFormat) return [{ format: { [content.key]: content.value } }];
  if (content instanceof Y.ContentDoc) return [{ doc: content.doc?.guid ?? null }];
  return [{ content: content.constructor.name }];
}

import { Limits } from '../contract/limits';
import { PRIORITIES, WALLS } from '../contract/vocabulary';

export const id64 = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 64;
const nullableId = (v: unknown) => v === null || id64(v);
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Every field a note may carry, with what its value must be. */
export const noteFields: Record<string, (v: unknown) => boolean> = {
  id: id64,
  authorId: id64,
  authorName: (v) => typeof v === 'string' && v.length <= Limits.nameChars,
  createdAt: isTime,
  wall: (v) => WALLS.includes(v as never),
  turnId: nullableId,
  cardId: nullableId,
  group: (v) => typeof v === 'string' && v.length <= Limits.nameChars,
  ownerId: nullableId,
  dueDate: (v) => v === '' || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)),
  priority: (v) => PRIORITIES.includes(v as never),
  deletedAt: (v) => v === null || isTime(v),
  deletedBy: nullableId,
};
export const entryFields: Record<string, (v: unknown) => boolean> = {
  id: id64,
  turnId: id64,
  atMs: isTime,
  authorId: id64,
  authorName: (v) => typeof v === 'string' && v.length <= Limits.nameChars,
  deletedAt: (v) => v === null || isTime(v),
  deletedBy: nullableId,
};
/** Fields set once, when the note or entry is created. */
export const fixedFields = new Set(['id', 'authorId', 'authorName', 'createdAt', 'turnId', 'atMs', 'text']);
export const requiredNoteFields = ['id', 'authorId', 'authorName', 'createdAt', 'wall', 'text'];
export const requiredEntryFields = ['id', 'turnId', 'atMs', 'authorId', 'authorName', 'text'];

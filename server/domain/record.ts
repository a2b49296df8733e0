/**
 * Turns the end state of a workshop (authoritative state, walls, scribe log) into the rows of its
 * relational record. Pure: the caller loads and writes.
 */
import type { NoteWall } from '../contract/vocabulary';
import type { NoteView } from '../model/notes';
import type { LogEntryView } from '../model/scribe-log';
import type { WorkshopState } from '../model/state';

/** Longest text kept per note or step in the record; the live UI limits typing far below this. */
const MAX_TEXT = 5_000;
const clip = (text: string) => text.slice(0, MAX_TEXT);

/** The record rows of an ended workshop. Ids are prefixed with the workshop id: clients chose them. */
export function buildRecordRows(input: {
  workshopId: string;
  state: WorkshopState;
  notes: NoteView[];
  entries: LogEntryView[];
  members: ReadonlyMap<string, string>;
}) {
  const { workshopId, state, members } = input;
  const turnsById = new Map(state.turns.map((t) => [t.id, t]));
  const scenarioOf = (note: NoteView) =>
    note.cardId ?? (note.turnId ? (turnsById.get(note.turnId)?.cardId ?? null) : null);
  const known = (id: string | null) => (id && turnsById.has(id) ? id : null);

  const events = state.turns.flatMap((turn) => {
    const reveals = turn.reveals.map((r) => ({
      kind: 'reveal' as const,
      atMs: r.atMs,
      text: clip(r.body),
      label: r.label,
      evidenceKind: r.kind,
      authorId: r.by,
    }));
    const steps = input.entries
      .filter((e) => e.turnId === turn.id)
      .map((e) => ({
        kind: 'step' as const,
        atMs: e.atMs,
        text: clip(e.text),
        label: null,
        evidenceKind: null,
        authorId: e.authorId,
      }));
    // Steps and reveals interleave by time; the sort is stable, so equal times keep the scribe's order.
    return [...reveals, ...steps]
      .sort((a, b) => a.atMs - b.atMs)
      .map((event, position) => ({
        ...event,
        id: `${turn.id}:${position}`,
        workshopId,
        turnId: turn.id,
        position,
      }));
  });

  return {
    endedAt: new Date(state.endedAt ?? Date.now()),
    draws: state.draws.map((d) => ({
      workshopId,
      seq: d.seq,
      scenarioId: d.cardId,
      participantId: d.participantId,
      drawnAt: new Date(d.drawnAt),
    })),
    turns: state.turns.map((t, position) => ({
      id: t.id,
      workshopId,
      position,
      participantId: t.participantId,
      scenarioId: t.cardId,
      startedAt: new Date(t.startedAt),
      endedAt: t.endedAt === null ? null : new Date(t.endedAt),
    })),
    events,
    notes: input.notes
      .filter((n): n is NoteView & { wall: NoteWall } => n.wall !== 'actions' && n.text.trim() !== '')
      .map((n) => ({
        id: `${workshopId}:${n.id}`,
        workshopId,
        wall: n.wall,
        text: clip(n.text),
        groupName: clip(n.group),
        authorId: n.authorId || null,
        turnId: known(n.turnId),
        scenarioId: scenarioOf(n),
        createdAt: new Date(n.createdAt || Date.now()),
      })),
    actions: input.notes
      .filter((n) => n.wall === 'actions' && n.text.trim() !== '')
      .map((n) => ({
        id: `${workshopId}:${n.id}`,
        workshopId,
        text: clip(n.text),
        ownerId: n.ownerId,
        ownerName: n.ownerId ? (members.get(n.ownerId) ?? null) : null,
        dueDate: /^\d{4}-\d{2}-\d{2}$/.test(n.dueDate) ? n.dueDate : null,
        priority: n.priority,
        votes: state.votes[n.id]?.length ?? 0,
        turnId: known(n.turnId),
        scenarioId: scenarioOf(n),
        createdAt: new Date(n.createdAt || Date.now()),
      })),
  };
}

/**
 * Everything the end of a workshop writes, as rows (what `buildRecordRows` returns). Declared here,
 * beside the rule that makes it, so the domain never imports persistence: the record repository takes
 * this type and drizzle checks it against the tables.
 */
export type WorkshopRecordRows = ReturnType<typeof buildRecordRows>;

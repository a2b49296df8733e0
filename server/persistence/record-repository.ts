import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  actions,
  participants,
  scenarios,
  turnEvents,
  workshopDraws,
  workshopNotes,
  workshops,
  workshopTurns,
} from '../../db/schema';
import type { WorkshopSummary } from '../contract/http-workshop';
import type { WorkshopRecordRows } from '../domain/record';

/** SQL for the relational record of ended workshops. */
export class RecordRepository {
  constructor(private readonly db: Db) {}

  /** Writes (or rewrites: it is idempotent) a workshop's record and marks it ended, atomically. */
  async writeRecord(workshopId: string, rows: WorkshopRecordRows): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const table of [workshopDraws, turnEvents, workshopTurns, workshopNotes, actions]) {
        await tx.delete(table).where(eq(table.workshopId, workshopId));
      }
      if (rows.draws.length) await tx.insert(workshopDraws).values(rows.draws);
      if (rows.turns.length) await tx.insert(workshopTurns).values(rows.turns);
      if (rows.events.length) await tx.insert(turnEvents).values(rows.events);
      if (rows.notes.length) await tx.insert(workshopNotes).values(rows.notes);
      if (rows.actions.length) await tx.insert(actions).values(rows.actions);
      await tx
        .update(workshops)
        .set({ phase: 'ended', endedAt: rows.endedAt })
        .where(eq(workshops.id, workshopId));
      // A monthly team's next workshop moves on a month once the planned date has come.
      await tx.execute(sql`
        update teams set next_workshop_at = next_workshop_at + interval '1 month'
        where recurrence = 'monthly' and next_workshop_at is not null and next_workshop_at <= ${rows.endedAt.toISOString()}::timestamptz
          and id = (select team_id from workshops where id = ${workshopId})`);
    });
  }

  /** The record of an ended workshop, or undefined if it has not ended (or does not exist). */
  async readSummary(workshopId: string): Promise<WorkshopSummary | undefined> {
    const [workshop] = await this.db.select().from(workshops).where(eq(workshops.id, workshopId));
    if (workshop?.phase !== 'ended') return undefined;
    const [people, cards, draws, turns, events, notes, acts] = await Promise.all([
      this.db
        .select()
        .from(participants)
        .where(eq(participants.workshopId, workshopId))
        .orderBy(asc(participants.createdAt)),
      this.db.select().from(scenarios).where(eq(scenarios.workshopId, workshopId)),
      this.db
        .select()
        .from(workshopDraws)
        .where(eq(workshopDraws.workshopId, workshopId))
        .orderBy(asc(workshopDraws.seq)),
      this.db
        .select()
        .from(workshopTurns)
        .where(eq(workshopTurns.workshopId, workshopId))
        .orderBy(asc(workshopTurns.position)),
      this.db
        .select()
        .from(turnEvents)
        .where(eq(turnEvents.workshopId, workshopId))
        .orderBy(asc(turnEvents.position)),
      this.db
        .select()
        .from(workshopNotes)
        .where(eq(workshopNotes.workshopId, workshopId))
        .orderBy(asc(workshopNotes.createdAt)),
      this.db
        .select()
        .from(actions)
        .where(eq(actions.workshopId, workshopId))
        .orderBy(desc(actions.votes), asc(actions.createdAt)),
    ]);
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    const cardOf = new Map(cards.map((c) => [c.id, c]));
    const name = (id: string | null) => (id ? (nameOf.get(id) ?? null) : null);
    const title = (id: string | null) => (id ? (cardOf.get(id)?.title ?? null) : null);
    return {
      id: workshop.id,
      teamId: workshop.teamId,
      title: workshop.title,
      createdAt: workshop.createdAt.toISOString(),
      endedAt: workshop.endedAt?.toISOString() ?? null,
      participants: people.map(({ id, name: n }) => ({ id, name: n })),
      draws: draws.map((d) => ({
        seq: d.seq,
        scenarioTitle: title(d.scenarioId) ?? '',
        participantName: name(d.participantId) ?? '',
      })),
      turns: turns.map((t) => {
        const card = t.scenarioId ? cardOf.get(t.scenarioId) : undefined;
        return {
          id: t.id,
          position: t.position,
          participantName: name(t.participantId) ?? '',
          scenario: card ? { id: card.id, title: card.title, summary: card.summary } : null,
          startedAt: t.startedAt.toISOString(),
          endedAt: t.endedAt?.toISOString() ?? null,
          events: events
            .filter((e) => e.turnId === t.id)
            .map((e) => ({
              kind: e.kind,
              atMs: e.atMs,
              text: e.text,
              label: e.label,
              evidenceKind: e.evidenceKind,
              authorName: name(e.authorId),
            })),
        };
      }),
      notes: notes.map((n) => ({
        id: n.id,
        wall: n.wall,
        text: n.text,
        group: n.groupName,
        authorName: name(n.authorId),
        scenarioTitle: title(n.scenarioId),
      })),
      actions: acts.map((a) => ({
        id: a.id,
        text: a.text,
        ownerName: a.ownerName,
        dueDate: a.dueDate,
        priority: a.priority,
        votes: a.votes,
        status: a.status,
        scenarioTitle: title(a.scenarioId),
      })),
    };
  }
}

import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workshopEvents } from '../../db/schema';

/** One stored workshop event, as the support bundle lists it. */
export interface StoredEvent {
  id: string;
  /** ISO time the recording process saw it. */
  at: string;
  event: string;
  participantId: string | null;
  detail: Record<string, unknown>;
}

/** What the event log says about one person's connections. */
export interface ConnectionHistory {
  participantId: string;
  /** socket.io connections ever recorded (within what pruning kept). */
  joins: number;
  /** Of those, how many since the `since` given. */
  recentJoins: number;
  /** Epoch ms of the first recorded join, or null. */
  firstJoinAt: number | null;
  /** Epoch ms of the last recorded leave, or null. */
  lastLeftAt: number | null;
  /** The last clock estimate the browser reported. */
  lastClock: { rttMs: number; offsetMs: number; at: number } | null;
}

const joined = sql`${workshopEvents.event} = 'participant.joined'`;
const epochMs = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

/** Reads of `workshop_events`: the recent events of a workshop and each person's connection history. */
export class EventQueries {
  constructor(private readonly db: Db) {}

  /** The newest `limit` events of a workshop, oldest first. */
  async recent(workshopId: string, limit = 2_000): Promise<StoredEvent[]> {
    const rows = await this.db
      .select()
      .from(workshopEvents)
      .where(eq(workshopEvents.workshopId, workshopId))
      .orderBy(desc(workshopEvents.id))
      .limit(limit);
    return rows
      .map((row) => ({
        id: row.id.toString(),
        at: row.at.toISOString(),
        event: row.event,
        participantId: row.participantId,
        detail: row.detail,
      }))
      .sort((a, b) => a.at.localeCompare(b.at) || Number(BigInt(a.id) - BigInt(b.id)));
  }

  /** Joins, recent joins (since `since`, epoch ms), last leave and last clock report, per person. */
  async connectionHistory(workshopId: string, since: number): Promise<Map<string, ConnectionHistory>> {
    const sinceIso = new Date(since).toISOString();
    const [counts, clocks] = await Promise.all([
      this.db
        .select({
          participantId: workshopEvents.participantId,
          joins: sql<number>`count(*) filter (where ${joined})`.mapWith(Number),
          recentJoins:
            sql<number>`count(*) filter (where ${joined} and ${workshopEvents.at} >= ${sinceIso}::timestamptz)`.mapWith(
              Number,
            ),
          firstJoinAt: sql<string | null>`min(${workshopEvents.at}) filter (where ${joined})`,
          lastLeftAt: sql<
            string | null
          >`max(${workshopEvents.at}) filter (where ${workshopEvents.event} = 'participant.left')`,
        })
        .from(workshopEvents)
        .where(and(eq(workshopEvents.workshopId, workshopId), isNotNull(workshopEvents.participantId)))
        .groupBy(workshopEvents.participantId),
      this.db
        .selectDistinctOn([workshopEvents.participantId], {
          participantId: workshopEvents.participantId,
          at: workshopEvents.at,
          detail: workshopEvents.detail,
        })
        .from(workshopEvents)
        .where(and(eq(workshopEvents.workshopId, workshopId), eq(workshopEvents.event, 'participant.clock')))
        .orderBy(workshopEvents.participantId, desc(workshopEvents.at), desc(workshopEvents.id)),
    ]);
    const history = new Map<string, ConnectionHistory>();
    for (const row of counts) {
      if (!row.participantId) continue;
      history.set(row.participantId, {
        participantId: row.participantId,
        joins: row.joins,
        recentJoins: row.recentJoins,
        firstJoinAt: epochMs(row.firstJoinAt),
        lastLeftAt: epochMs(row.lastLeftAt),
        lastClock: null,
      });
    }
    for (const row of clocks) {
      const entry = row.participantId ? history.get(row.participantId) : undefined;
      const { rttMs, offsetMs } = row.detail as { rttMs?: unknown; offsetMs?: unknown };
      if (entry && typeof rttMs === 'number' && typeof offsetMs === 'number')
        entry.lastClock = { rttMs, offsetMs, at: row.at.getTime() };
    }
    return history;
  }
}

import type { ConnectionRow } from '../contract/commands';

/** One open socket.io connection, as any process reports it. */
export interface LiveConnection {
  participantId: string;
  processId: string;
  /** Epoch ms the connection was accepted. */
  connectedAt: number;
  /** The browser's clock report on this connection, once it sent one. */
  clock?: { rttMs: number; offsetMs: number; at: number };
}

/** What the event log says about one person (see EventQueries.connectionHistory). */
export interface PastConnections {
  joins: number;
  /** Joins since the start of the flapping window. */
  recentJoins: number;
  firstJoinAt: number | null;
  lastLeftAt: number | null;
  lastClock: { rttMs: number; offsetMs: number; at: number } | null;
}

/** When someone counts as flapping: default 3 reconnects within 5 minutes. */
export interface FlappingRule {
  reconnects: number;
  windowMs: number;
}

/** The default flapping rule. */
export const defaultFlapping: FlappingRule = { reconnects: 3, windowMs: 5 * 60_000 };

/**
 * Merges who is connected now (from every process) with the event log's history into one row per
 * admitted person. Reconnects are joins after the first; a join within the window counts as a recent
 * reconnect unless it was their very first. The live connection may not be in the log yet (events
 * are written in batches), so counts never go below what the live state proves.
 */
export function summariseConnections(
  people: readonly { id: string; name: string }[],
  live: readonly LiveConnection[],
  history: ReadonlyMap<string, PastConnections>,
  now: number,
  rule: FlappingRule = defaultFlapping,
): ConnectionRow[] {
  const windowStart = now - rule.windowMs;
  return people.map(({ id, name }) => {
    const mine = live.filter((c) => c.participantId === id);
    const past = history.get(id);
    const joins = Math.max(past?.joins ?? 0, mine.length);
    const firstInWindow = past?.firstJoinAt != null && past.firstJoinAt >= windowStart ? 1 : 0;
    const recentReconnects = Math.max(0, (past?.recentJoins ?? 0) - firstInWindow);
    const clock =
      mine
        .map((c) => c.clock)
        .filter((c) => c !== undefined)
        .sort((a, b) => b.at - a.at)[0] ??
      past?.lastClock ??
      null;
    const online = mine.length > 0;
    return {
      participantId: id,
      name,
      online,
      connections: mine.length,
      since: online ? Math.min(...mine.map((c) => c.connectedAt)) : (past?.lastLeftAt ?? null),
      reconnects: Math.max(0, joins - 1),
      recentReconnects,
      flapping: recentReconnects >= rule.reconnects,
      rttMs: clock ? Math.round(clock.rttMs) : null,
      offsetMs: clock ? Math.round(clock.offsetMs) : null,
      processIds: [...new Set(mine.map((c) => c.processId))].sort(),
    };
  });
}

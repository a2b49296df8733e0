import type { ConnectionsReport } from '../contract/commands';
import { defaultFlapping, type FlappingRule, summariseConnections } from '../domain/connection-summary';
import type { Presence } from '../live/ports';
import type { EventQueries } from '../persistence/event-queries';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/** What the connection report reads. */
export interface ConnectionReporterOptions {
  presence: Presence;
  events: EventQueries;
  workshops: WorkshopRepository;
  /** Whether several processes serve the workshops (REDIS_URL set). */
  multiProcess: boolean;
  flapping?: FlappingRule;
  now?: () => number;
}

/**
 * The facilitator's connection panel, and the support bundle's copy of it: everyone admitted, with
 * live connections asked of every process (socket.io's `fetchSockets`) and their history read from
 * the event log, so any process gives the same answer.
 */
export class ConnectionReporter {
  constructor(private readonly options: ConnectionReporterOptions) {}

  async report(workshopId: string): Promise<ConnectionsReport> {
    const { presence, events, workshops, multiProcess } = this.options;
    const flapping = this.options.flapping ?? defaultFlapping;
    const now = (this.options.now ?? Date.now)();
    const [people, live, history] = await Promise.all([
      workshops.listParticipants(workshopId),
      presence.connections(workshopId),
      events.connectionHistory(workshopId, now - flapping.windowMs),
    ]);
    return {
      serverNow: now,
      multiProcess,
      flapping,
      rows: summariseConnections(people, live, history, now, flapping),
    };
  }
}

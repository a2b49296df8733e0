import type { RosterEntry } from '../contract/commands';
import { trackFacilitatorPresence } from '../domain/commands';
import type { WorkshopState } from '../model/state';
import { readState } from '../model/state-doc';
import type { LiveDoc } from './live-doc';
import type { WorkshopReads } from './outage-cache';
import type { CommandSequencer, Presence } from './ports';

/** What the roster needs. */
export interface RosterOptions {
  /** Who is connected, on any process. */
  presence: Presence;
  reads: WorkshopReads;
  sequencer: CommandSequencer;
  /** Holds the workshop's state document in memory; resolves with it and its release. */
  holdState(workshopId: string): Promise<{ live: LiveDoc; release: () => void }>;
  now: () => number;
}

/**
 * Who is in a workshop and who is connected, and the facilitator's absence: when the facilitator
 * leaves, the claim clock starts in the state; when they come back it stops.
 */
export class Roster {
  constructor(private readonly options: RosterOptions) {}

  /** Notes that someone connected or left; returns the roster to broadcast. */
  async presenceChanged(workshopId: string): Promise<RosterEntry[]> {
    const online = await this.options.presence.online(workshopId);
    await this.trackFacilitator(workshopId, online);
    return this.roster(workshopId, online);
  }

  /** Everyone admitted, with who is connected now. */
  async roster(workshopId: string, known?: ReadonlySet<string>): Promise<RosterEntry[]> {
    const [online, people] = await Promise.all([
      known ?? this.options.presence.online(workshopId),
      this.options.reads.participants(workshopId),
    ]);
    return people.map((p) => ({ id: p.id, name: p.name, online: online.has(p.id) }));
  }

  private async trackFacilitator(workshopId: string, online: ReadonlySet<string>): Promise<void> {
    const { live, release } = await this.options.holdState(workshopId);
    try {
      const track = (state: WorkshopState | undefined) => {
        const next = state && trackFacilitatorPresence(state, online, this.options.now());
        return { next: next !== state ? next : undefined, value: undefined };
      };
      // Most connections change nothing: only a change goes through the sequencer (a lock with several processes).
      if (track(readState(live.doc)).next) await this.options.sequencer.change(workshopId, live, track);
    } finally {
      release();
    }
  }
}

import { readState, writeState } from '../model/state-doc';
import type { CommandSequencer, DocSync, Topology } from './ports';

/** The sync of a single process: nobody else to tell or to ask. */
export const localSync: DocSync = {
  open: () => Promise.resolve(),
  loaded: () => {},
  close: () => {},
  publish: () => {},
  lookForMissing: () => undefined,
};

/**
 * One process owns every workshop: `decide` and the write happen in one synchronous step on the
 * document in memory, so nothing can come between them; the registry persists the change like any
 * other update (and keeps it queued in memory while the database is away).
 */
export const localSequencer: CommandSequencer = {
  async change(_workshopId, live, decide) {
    const decision = decide(readState(live.doc));
    if (decision.next) writeState(live.doc, decision.next);
    return decision.value;
  },
};

/** One process: local sync, in-memory sequencer, socket.io's own adapter and an in-memory limiter. */
export function localTopology(): Topology {
  return {
    sync: localSync,
    sequencer: () => localSequencer,
    multiProcess: false,
    close: async () => {},
  };
}

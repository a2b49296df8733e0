import type { Session } from '../access/authenticate';
import { parseDocName } from '../contract/doc-names';
import { docAccess, senderOf } from '../domain/doc-access';
import { checkUpdate } from '../domain/update-guard';
import type { WorkshopState } from '../model/state';
import type { DocRoute } from './yjs-endpoint';

/** What the routes need of the live workshop. */
export interface RoutedWorkshops {
  /** The current state if it is in memory (it is while anyone is connected). */
  peekState(workshopId: string): WorkshopState | undefined;
  /** Holds the workshop's state in memory; resolves with its release. */
  holdState(workshopId: string): Promise<() => void>;
}

/**
 * Turns the part of a Yjs URL after /yjs/ into its document and write policy (domain/doc-access.ts),
 * or undefined for a path that names none.
 */
export function docRoutes(workshops: RoutedWorkshops): (path: string) => DocRoute | undefined {
  return (path) => {
    const address = parseDocName(path);
    if (!address) return undefined;
    const { workshopId, kind } = address;
    const policy = docAccess[kind];
    const state = () => workshops.peekState(workshopId);
    const { guard } = policy;
    return {
      workshopId,
      docName: path,
      canWrite: (session: Session) =>
        session.participantId !== null && policy.canWrite(state(), session.participantId),
      onRefusedWrite: policy.onRefusedWrite,
      // Who the sender is right now (the facilitator role and the scribe move during a workshop).
      guard:
        guard &&
        ((session) => (live, update, isOwnEdit) =>
          checkUpdate(
            live.doc,
            guard,
            update,
            senderOf(state(), session.participantId, session.name ?? ''),
            live.bytes,
            live.clientOwners,
            isOwnEdit,
          )),
      prepare: () => workshops.holdState(workshopId),
    };
  };
}

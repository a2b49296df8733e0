import type { Session } from '../access/authenticate';
import { yjsDocName } from '../contract/protocol';
import { docAccess, docKindOfChannel, senderOf } from '../domain/doc-access';
import { checkUpdate } from '../domain/update-guard';
import type { WorkshopState } from '../model/state';
import type { DocRoute } from './yjs-endpoint';

const workshopIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** What the routes need of the live workshop. */
export interface RoutedWorkshops {
  /** The current state if it is in memory (it is while anyone is connected). */
  peekState(workshopId: string): WorkshopState | undefined;
  /** Holds the workshop's state in memory; resolves with its release. */
  holdState(workshopId: string): Promise<() => void>;
}

const docNameOf = { walls: yjsDocName.room, log: yjsDocName.log, state: yjsDocName.state };

/**
 * Turns the part of a Yjs URL after /yjs/ into its document and write policy (domain/doc-access.ts),
 * or undefined for a path that names none.
 */
export function docRoutes(workshops: RoutedWorkshops): (path: string) => DocRoute | undefined {
  return (path) => {
    const [workshopId = '', channel, ...rest] = path.split('/');
    const kind = docKindOfChannel(channel);
    if (!workshopIdPattern.test(workshopId) || rest.length > 0 || !kind) return undefined;
    const policy = docAccess[kind];
    const state = () => workshops.peekState(workshopId);
    const { guard } = policy;
    return {
      workshopId,
      docName: docNameOf[kind](workshopId),
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

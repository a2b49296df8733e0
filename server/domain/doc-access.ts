/**
 * The write policy of each document of a workshop, declared once: who may write it now, which
 * content guard checks each update, and what a refused write does. Pure: the transport asks it with
 * the current state on every write, so a role handed over applies to open connections at once.
 */
import type { DocKind } from '../contract/vocabulary';
import { canWriteLog, type WorkshopState } from '../model/state';
import type { GuardedDoc, Sender } from './update-guard';

/** What may be written to one kind of document. */
export interface DocPolicy {
  /** Whether `participantId` may write now; `state` is undefined before the workshop loaded. */
  canWrite(state: WorkshopState | undefined, participantId: string): boolean;
  /**
   * What a refused write does: `close` (4403) for a document no client may ever write, `ignore` for
   * one whose writers change during the workshop (a former scribe's late keystroke is dropped, not
   * punished with a dead connection).
   */
  onRefusedWrite: 'close' | 'ignore';
  /** The content guard every accepted update passes first; none for a document nobody writes. */
  guard?: GuardedDoc;
}

/** The policy of every document kind. */
export const docAccess: Readonly<Record<DocKind, DocPolicy>> = {
  // Everyone in the room writes the walls until the workshop ended; the guard checks authorship.
  walls: { canWrite: (state) => state?.phase !== 'ended', onRefusedWrite: 'ignore', guard: 'walls' },
  // The scribe and the facilitator write the log; both roles move during a workshop.
  log: {
    canWrite: (state, participantId) => state !== undefined && canWriteLog(state, participantId),
    onRefusedWrite: 'ignore',
    guard: 'log',
  },
  // The authoritative state changes through commands only.
  state: { canWrite: () => false, onRefusedWrite: 'close' },
};

/** The sender as the guard judges them: their roles read from the current state. */
export function senderOf(state: WorkshopState | undefined, participantId: string, name: string): Sender {
  return {
    id: participantId,
    name,
    isFacilitator: state?.facilitatorId === participantId,
    isScribe: state?.scribeId === participantId,
  };
}

/**
 * What the live core and the transports tell observers (metrics, the event log), as optional hooks, so
 * instrumentation attaches from outside (Hocuspocus-style extensions) instead of closures in the root.
 */
export interface LiveHooks {
  /** An update a client of this process sent was accepted into `docName` (not relayed ones). */
  updateAccepted?(docName: string): void;
  /** A socket.io command finished: `result` is 'ok' or the refusal's error code. */
  commandRun?(command: string, result: string, seconds: number): void;
  /**
   * Something was refused at an edge: `edge` names it, `code` is the answer (an error code, or a Yjs
   * close code), `refusal` says whose it was when that is known.
   */
  refused?(edge: RefusalEdge, code: string | number, refusal?: Refusal): void;
  /** An update of `docName` became durable `lagSeconds` after it was accepted. */
  persisted?(docName: string, lagSeconds: number): void;
}

/** Where a connection or a message can be refused. */
export type RefusalEdge = 'yjs' | 'socket_handshake' | 'team_socket_handshake';

/** Whose refusal it was and why, as the workshop's event log records it (never the token). */
export interface Refusal {
  /** The reason sent to the client. */
  reason: string;
  /** Unknown when the path named no workshop. */
  workshopId?: string;
  /** Known once the token was accepted. */
  participantId?: string;
  docName?: string;
}

/** Calls every hook set's `name` with the same arguments (hooks compose). */
export function composeHooks(...sets: LiveHooks[]): Required<LiveHooks> {
  const call =
    <K extends keyof LiveHooks>(name: K) =>
    (...args: Parameters<Required<LiveHooks>[K]>) => {
      for (const set of sets) (set[name] as ((...a: typeof args) => void) | undefined)?.(...args);
    };
  return {
    updateAccepted: call('updateAccepted'),
    commandRun: call('commandRun'),
    refused: call('refused'),
    persisted: call('persisted'),
  };
}

/** The events a workshop's log holds. */
export type WorkshopEventName =
  | 'participant.joined'
  | 'participant.left'
  | 'participant.clock'
  | 'command'
  | 'socket.refused'
  | 'yjs.refused'
  | 'persistence.lag';

/** A detail value: plain scalars only, so nothing structured (a request, an error) slips in whole. */
export type EventDetail = Record<string, string | number | boolean | null>;

/** One thing that happened, as recorded. Never a token, a note's text or a survey answer. */
export interface WorkshopEvent {
  workshopId: string;
  event: WorkshopEventName;
  participantId?: string | null;
  detail?: EventDetail;
}

/** Where events go; `record` never throws and never waits. */
export interface EventRecorder {
  record(event: WorkshopEvent): void;
}

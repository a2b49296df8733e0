/**
 * What the live core and the transports tell observers (metrics, the event log), as optional hooks, so
 * instrumentation attaches from outside (Hocuspocus-style extensions) instead of closures in the root.
 */
export interface LiveHooks {
  /** An update a client of this process sent was accepted into `docName` (not relayed ones). */
  updateAccepted?(docName: string): void;
  /** A socket.io command finished: `result` is 'ok' or the refusal's error code. */
  commandRun?(command: string, result: string, seconds: number): void;
  /** Something was refused at an edge: `reason` names the edge (e.g. `yjs_unauthorized`), `code` the answer. */
  refused?(reason: string, code: string): void;
  /** An update of `docName` became durable `lagSeconds` after it was accepted. */
  persisted?(docName: string, lagSeconds: number): void;
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

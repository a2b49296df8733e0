/**
 * The document bus: how a Yjs update or awareness change that one process accepted reaches every
 * other process holding the same document. Single-process Firedrill uses `localDocBus` (nothing to
 * reach); several processes use the Redis bus. Only what a client of this process sent is published;
 * what arrives from the bus is applied and relayed to this process's clients, never re-published or
 * re-persisted.
 */

/** What a process hears about one document. */
export interface DocBusHandlers {
  /** A Yjs update another process accepted. */
  update(update: Uint8Array): void;
  /** An awareness update of another process's clients. */
  awareness(update: Uint8Array): void;
  /** Another process loaded the document and asks for the awareness of this process's clients. */
  awarenessQuery(): void;
  /** Messages may have been missed (a gap in a publisher's sequence, a Redis reconnect): catch up from the log. */
  gap(): void;
}

/** The kinds of message on the bus. */
export type DocBusMessageKind = 'update' | 'awareness' | 'awarenessQuery';

/** Fan-out of document messages between processes. */
export interface DocBus {
  /** True when other processes may hold the same documents (the registry then catches up from the log). */
  readonly distributed: boolean;
  /** Starts hearing a document; resolves once subscribed (or at once when the bus is down: `gap` follows). */
  subscribe(docName: string, handlers: DocBusHandlers): Promise<void>;
  unsubscribe(docName: string): void;
  /** Best effort: a message lost here is found by the others' catch-up from the log. */
  publish(docName: string, kind: DocBusMessageKind, payload?: Uint8Array): void;
}

/** The bus of a single process: nobody else to tell. */
export const localDocBus: DocBus = {
  distributed: false,
  subscribe: () => Promise.resolve(),
  unsubscribe: () => {},
  publish: () => {},
};

import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwarenessMessage, encodeUpdateMessage } from './yjs-messages';

/**
 * Origin of changes that are already durable and already known to the other processes (from the
 * sync, from the log, or committed by a command): they are relayed to this process's clients only.
 */
export const REMOTE = Symbol('remote');

/** One end of a live connection, as the registry sees it: Hocuspocus-style, transport-free. */
export interface Peer {
  /** Identity of the person behind the connection (used for awareness ownership). */
  readonly participantId: string;
  send(message: Uint8Array): void;
}

/** A document in memory with the peers connected to it. */
export interface LiveDoc {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers: Set<Peer>;
  /** Which peer controls each awareness client id: a peer may only speak for its own ids. */
  readonly awarenessOwners: Map<number, Peer>;
  /** Size of the document as loaded plus every update since, for the size quota. */
  bytes: number;
  /** Which participant writes with each Yjs client id (the first to write with it here). */
  readonly clientOwners: Map<number, string>;
}

/** What a live document tells its owner besides relaying to its peers. */
export interface LiveDocEvents {
  /** An update with an origin other than REMOTE: a client of this process wrote it. */
  accepted(update: Uint8Array): void;
  /** An awareness change of this process's clients (not relayed or timed-out ones). */
  ownAwareness(update: Uint8Array): void;
}

/**
 * A document built from `updates`, relaying every update and awareness change to its peers (encoded
 * once, the same bytes to all) and counting its bytes for the quota.
 */
export function openLiveDoc(name: string, updates: Uint8Array[], events: LiveDocEvents): LiveDoc {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const live: LiveDoc = {
    name,
    doc,
    awareness,
    peers: new Set(),
    awarenessOwners: new Map(),
    bytes: Y.encodeStateAsUpdate(doc).byteLength,
    clientOwners: new Map(),
  };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    live.bytes += update.byteLength;
    const message = encodeUpdateMessage(update);
    for (const peer of live.peers) peer.send(message);
    if (origin !== REMOTE) events.accepted(update);
  });
  awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const changed = [...added, ...updated, ...removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
    const message = encodeAwarenessMessage(update);
    for (const peer of live.peers) peer.send(message);
    // Outdated states time out on every process by itself; only this process's clients are told on.
    if (origin !== REMOTE && origin !== 'timeout') events.ownAwareness(update);
  });
  return live;
}

/** The awareness of this process's own clients, encoded, or undefined when there is none. */
export function encodeOwnAwareness(live: LiveDoc): Uint8Array | undefined {
  const own = [...live.awarenessOwners.keys()].filter((id) => live.awareness.states.has(id));
  return own.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(live.awareness, own) : undefined;
}

/** Applies updates that are already durable elsewhere, as one transaction relayed only to peers. */
export function applyRemote(live: LiveDoc, updates: Uint8Array[]): void {
  Y.transact(
    live.doc,
    () => {
      for (const update of updates) Y.applyUpdate(live.doc, update, REMOTE);
    },
    REMOTE,
  );
}

/** Takes a peer off the document with the awareness states it controlled. */
export function detachPeer(live: LiveDoc, peer: Peer): void {
  live.peers.delete(peer);
  const owned = [...live.awarenessOwners].filter(([, owner]) => owner === peer).map(([clientId]) => clientId);
  for (const clientId of owned) live.awarenessOwners.delete(clientId);
  awarenessProtocol.removeAwarenessStates(live.awareness, owned, 'disconnect');
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

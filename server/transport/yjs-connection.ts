import * as decoding from 'lib0/decoding';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Session } from '../access/authenticate';
import { CloseCode } from '../contract/errors';
import type { Verdict } from '../domain/update-guard';
import type { DocRegistry, LiveDoc, Peer } from '../live/doc-registry';
import { detachPeer } from '../live/live-doc';
import { encodeAllAwareness, encodeSyncStep1, encodeSyncStep2, MessageType } from '../live/yjs-messages';
import { filterAwarenessUpdate } from './awareness-filter';
import { createByteBudget } from './byte-budget';
import { createHeldUpdates } from './held-updates';

/** The three methods of a WebSocket this code needs (ws in production, anything in a test). */
export interface SocketLike {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
}

/** How one connection to one document behaves. */
export interface ConnectionOptions {
  docName: string;
  session: Session & { participantId: string };
  /** Asked on every write, so a role change (a new scribe, say) applies to open connections. */
  canWrite: () => boolean;
  /** `close` ends a connection that writes where it may not; `ignore` drops the write. */
  onRefusedWrite: 'close' | 'ignore';
  /** Told of every connection this code closes, with the close code and the reason sent. */
  onClose?: (code: number, reason: string) => void;
  /** Checks the content of an update before it is applied; a refusal closes the connection (4422). */
  guard?: (live: LiveDoc, update: Uint8Array, isOwnEdit: boolean) => Verdict;
  registry: DocRegistry;
  log: Logger;
  /** Close a peer whose unsent backlog passes this; it reconnects and resyncs. Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Messages may arrive while the document loads; more than this many bytes of them close the connection. */
  maxQueuedBytes?: number;
  /**
   * What one connection may send, sustained and in a burst. Defaults 1 MiB/s and 4 MiB: far above a
   * person typing or a reconnect resync, far below what would flood the update log.
   */
  bytesPerSecond?: number;
  burstBytes?: number;
}

/** A malformed message: the connection is closed, nothing is applied. */
class MalformedMessage extends Error {}

/**
 * Serves the y-websocket protocol on one socket for one document. Every message is decoded inside a
 * try/catch: a bad message costs its sender the connection, never the server or the document.
 * Returns the handlers the transport calls.
 */
export function openYjsConnection(socket: SocketLike, options: ConnectionOptions) {
  const { session, registry, log } = options;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const maxQueued = options.maxQueuedBytes ?? 2 * 1024 * 1024;
  const budget = createByteBudget(
    options.bytesPerSecond ?? 1024 * 1024,
    options.burstBytes ?? 4 * 1024 * 1024,
  );
  const context = {
    workshopId: session.workshopId,
    participantId: session.participantId,
    docName: options.docName,
  };
  let live: LiveDoc | undefined;
  let closed = false;
  let queued: Uint8Array[] = [];
  let queuedBytes = 0;

  const close = (code: number, reason: string) => {
    if (closed) return;
    socket.close(code, reason);
    options.onClose?.(code, reason);
    onClose();
  };

  const peer: Peer = {
    participantId: session.participantId,
    send(message) {
      if (closed) return;
      if (socket.bufferedAmount > maxBuffered) {
        log.warn(
          { ...context, event: 'yjs.too_slow', code: CloseCode.TOO_SLOW },
          'closing a connection that does not keep up',
        );
        close(CloseCode.TOO_SLOW, 'connection too slow');
        return;
      }
      socket.send(message);
    },
  };

  const mayControl = (clientId: number) => {
    const owner = live?.awarenessOwners.get(clientId);
    // The same person reconnecting (old socket not yet timed out) may take over their own client id.
    return !owner || owner === peer || owner.participantId === peer.participantId;
  };

  const held = createHeldUpdates({
    maxBytes: maxQueued,
    isPlaceable: (payload) => {
      const verdict = live && options.guard ? options.guard(live, payload, true) : { ok: true as const };
      return verdict.ok || !verdict.missing;
    },
    receive: (message) => receive(message),
    tooMany: () => close(CloseCode.TOO_BIG, 'too many edits waiting for content that never came'),
    lookForMissing: () => (live ? registry.lookForMissing(live) : undefined),
    isClosed: () => closed,
  });

  const handle = (doc: LiveDoc, message: Uint8Array) => {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          peer.send(encodeSyncStep2(doc.doc, payload));
          return;
        }
        if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
          throw new MalformedMessage(`unknown sync message ${syncType}`);
        }
        if (!options.canWrite()) {
          // A read-only client answers the server's step 1 with its own step 2: ignore it. An update
          // is a write attempt: refused, and on a never-writable document the connection is closed.
          if (syncType === syncProtocol.messageYjsUpdate) {
            log.warn({ ...context, event: 'yjs.write_refused' }, 'write to a read-only document refused');
            if (options.onRefusedWrite === 'close')
              close(CloseCode.READ_ONLY, 'this document is read-only for you');
          }
          return;
        }
        // Decoding first validates the whole update without touching the document.
        Y.decodeUpdate(payload);
        const verdict = options.guard?.(doc, payload, syncType === syncProtocol.messageYjsUpdate) ?? {
          ok: true,
        };
        if (!verdict.ok && verdict.missing && !held.isFinal) {
          // Builds on something that has not arrived yet: held aside (held-updates.ts).
          held.hold(message);
          return;
        }
        if (!verdict.ok) {
          log.warn(
            { ...context, event: 'yjs.edit_refused', code: CloseCode.EDIT_REFUSED, reason: verdict.reason },
            'edit refused',
          );
          close(CloseCode.EDIT_REFUSED, `Edit refused: ${verdict.reason}`.slice(0, 120));
          return;
        }
        Y.applyUpdate(doc.doc, payload, peer);
        if (!held.isFinal) held.retry();
        return;
      }
      case MessageType.awareness: {
        const user = { id: session.participantId, name: session.name, role: session.role };
        const filtered = filterAwarenessUpdate(decoding.readVarUint8Array(decoder), mayControl, user);
        for (const clientId of filtered.clientIds) doc.awarenessOwners.set(clientId, peer);
        awarenessProtocol.applyAwarenessUpdate(doc.awareness, filtered.update, peer);
        return;
      }
      case MessageType.queryAwareness: {
        const all = encodeAllAwareness(doc.awareness);
        if (all) peer.send(all);
        return;
      }
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  };

  const onMessage = (message: Uint8Array) => {
    if (closed) return;
    if (!budget.spend(message.byteLength)) {
      log.warn(
        { ...context, event: 'yjs.rate_limited', code: CloseCode.TOO_FAST },
        'closing a connection that sends too much',
      );
      close(CloseCode.TOO_FAST, 'sending too much, too fast');
      return;
    }
    receive(message);
  };

  const drain = () => {
    const backlog = queued;
    queued = [];
    queuedBytes = 0;
    for (const message of backlog) receive(message);
  };

  const receive = (message: Uint8Array) => {
    if (closed) return;
    if (!live) {
      queuedBytes += message.byteLength;
      if (queuedBytes > maxQueued) close(CloseCode.TOO_BIG, 'too much data before the document loaded');
      else queued.push(message);
      return;
    }
    try {
      handle(live, message);
    } catch (error) {
      log.warn(
        { ...context, event: 'yjs.malformed', code: CloseCode.MALFORMED, err: error },
        'malformed Yjs message; closing connection',
      );
      close(CloseCode.MALFORMED, 'malformed message');
    }
  };

  const onClose = () => {
    if (closed) return;
    closed = true;
    queued = [];
    held.clear();
    if (!live) return;
    detachPeer(live, peer);
    registry.release(live);
  };

  registry.acquire(options.docName).then(
    (doc) => {
      if (closed) {
        registry.release(doc);
        return;
      }
      live = doc;
      doc.peers.add(peer);
      peer.send(encodeSyncStep1(doc.doc));
      const awareness = encodeAllAwareness(doc.awareness);
      if (awareness) peer.send(awareness);
      drain();
    },
    (error: unknown) => {
      log.error(
        { ...context, event: 'persistence.load_failed', code: CloseCode.LOAD_FAILED, err: error },
        'could not load document',
      );
      close(CloseCode.LOAD_FAILED, 'could not load the document; try again shortly');
    },
  );

  return { onMessage, onClose };
}

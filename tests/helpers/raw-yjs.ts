import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { encodeTokenMessage } from '../../server/model/yjs-token';

/** A bare WebSocket to the Yjs endpoint, speaking y-protocols by hand (what a hostile client could send). */
export interface RawYjsSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  send(bytes: Uint8Array): void;
}

/**
 * Opens a raw socket to /yjs/<path> that sends `token` as its first message, as every client does
 * (`token: null` sends nothing first: the next message sent is the first).
 */
export function openRawYjs(baseUrl: string, path: string, token: string | null): RawYjsSocket {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/yjs/${path}`);
  if (token !== null) ws.once('open', () => ws.send(encodeTokenMessage(token)));
  const messages: Uint8Array[] = [];
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('closed before open')));
  });
  opened.catch(() => {});
  return { ws, messages, closed, opened, send: (bytes) => ws.send(bytes) };
}

/** A sync "update" message carrying `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A sync step 1 message for `doc`. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** An awareness message claiming `clientId` with `state`. */
export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

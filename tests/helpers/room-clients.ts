import postgres from 'postgres';
import * as Y from 'yjs';
import type { CommandName, CommandPayload } from '../../server/contract/commands';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { WorkshopState } from '../../server/model/state';
import { readState } from '../../server/model/state-doc';
import { connectSocket, connectYjs, synced } from './clients';

/** Things to close after a test. */
export type Cleanups = (() => void)[];

/** A socket.io client of one person that sends commands and returns their acks. */
export async function commander(
  baseUrl: string,
  workshop: CreatedWorkshop,
  token: string,
  cleanups: Cleanups,
) {
  const socket = connectSocket(baseUrl, workshop.id, token);
  cleanups.push(() => socket.disconnect());
  const participantId = await new Promise<string>((resolve, reject) => {
    socket.once('session:ready', (session) => resolve(session.participantId ?? ''));
    socket.once('connect_error', reject);
  });
  return {
    socket,
    participantId,
    send: <N extends CommandName>(name: N, payload: CommandPayload<N>) =>
      (
        socket.timeout(15_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> }
      ).emitWithAck(name, payload),
  };
}

/** A synced y-websocket client of one document, closed after the test. */
export async function openDoc(baseUrl: string, room: string, token: string, cleanups: Cleanups) {
  const client = connectYjs(baseUrl, room, token);
  cleanups.push(client.destroy);
  await synced(client.provider, 20_000);
  return client;
}

/** A read-only view of a workshop's authoritative state, as a browser on `baseUrl` sees it. */
export async function watchState(
  baseUrl: string,
  workshop: CreatedWorkshop,
  token: string,
  cleanups: Cleanups,
) {
  const client = await openDoc(baseUrl, `${workshop.id}/state`, token, cleanups);
  return () => readState(client.doc) as WorkshopState;
}

/** What PostgreSQL holds of a document, in the order to apply it: the snapshot, then the log by id. */
export async function readStoredUpdates(databaseUrl: string, docName: string): Promise<Uint8Array[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const snapshot = await sql<
      { data: Uint8Array }[]
    >`select data from yjs_snapshots where doc_name = ${docName}`;
    const rows = await sql<
      { data: Uint8Array }[]
    >`select data from yjs_updates where doc_name = ${docName} order by id`;
    return [...snapshot, ...rows].map((row) => new Uint8Array(row.data));
  } finally {
    await sql.end();
  }
}

/** A document rebuilt from what PostgreSQL holds (snapshot and log), bypassing every server's memory. */
export async function readStoredDoc(databaseUrl: string, docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of await readStoredUpdates(databaseUrl, docName)) Y.applyUpdate(doc, update);
  return doc;
}

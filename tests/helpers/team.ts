import { expect } from 'vitest';
import type { CommandName } from '../../server/contract/commands';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import type { CreatedTeam } from '../../server/contract/team';
import { addNote } from '../../server/model/notes';
import { connectSocket, connectYjs, eventually, joinWorkshop, synced } from './clients';

/** A small HTTP client for one team's API with one of its tokens. */
export function teamApi(baseUrl: string, teamId: string, token: string) {
  const call = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const response = await fetch(`${baseUrl}/api/teams/${teamId}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body:
        body === undefined
          ? undefined
          : body instanceof Uint8Array || typeof body === 'string'
            ? (body as BodyInit)
            : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a download)
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown, contentType?: string) =>
      call<T>('POST', path, body ?? {}, contentType),
    put: <T = unknown>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T = unknown>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T = unknown>(path: string) => call<T>('DELETE', path),
  };
}

/** Creates a team through the public API. */
export async function createTeam(baseUrl: string, name = 'Payments'): Promise<CreatedTeam> {
  const response = await fetch(`${baseUrl}/api/teams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201)
    throw new Error(`team create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedTeam;
}

/**
 * Runs a short workshop to its end over socket.io and Yjs, as the room would: Ann joins, draws,
 * investigates with one piece of evidence revealed and writes one action ("Alarm on queue depth",
 * hers, due 2026-12-15), then the facilitator ends it. The team gets a record, a run count and an
 * action in its tracker.
 */
export async function runShortWorkshop(baseUrl: string, workshop: CreatedWorkshop): Promise<void> {
  const ann = await joinWorkshop(baseUrl, workshop, 'Ann');
  const facilitator = connectSocket(baseUrl, workshop.id, workshop.facilitatorToken);
  const send = async (name: CommandName, payload: unknown) => {
    const ack = await (
      facilitator.timeout(10_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> }
    ).emitWithAck(name, payload);
    expect(ack, name).toMatchObject({ ok: true });
  };
  await new Promise((resolve) => facilitator.once('session:ready', resolve));
  await send('phase:set', { phase: 'draw' });
  await send('hat:draw', { participantId: ann.participantId });
  await send('turn:start', { participantId: ann.participantId });
  await send('evidence:reveal', { index: 0 });
  const annRoom = connectYjs(baseUrl, workshop.id, ann.participantToken);
  const facilitatorRoom = connectYjs(baseUrl, workshop.id, workshop.facilitatorToken);
  await Promise.all([synced(annRoom.provider), synced(facilitatorRoom.provider)]);
  addNote(annRoom.doc, {
    id: 'action-1',
    wall: 'actions',
    text: 'Alarm on queue depth',
    author: { id: ann.participantId, name: 'Ann' },
    now: Date.now(),
    ownerId: ann.participantId,
    dueDate: '2026-12-15',
  });
  // Another client seeing the note proves the server holds it before the workshop ends.
  await eventually(() => expect(facilitatorRoom.doc.getMap('notes').size).toBe(1), 15_000);
  await send('workshop:end', {});
  annRoom.destroy();
  facilitatorRoom.destroy();
  facilitator.disconnect();
}

import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract/commands';
import type { CreatedWorkshop, JoinedWorkshop } from '../../server/contract/http-workshop';
import { encodeTokenMessage, sendingFirst } from '../../server/model/yjs-token';

/** POSTs JSON and returns status and parsed body. */
export async function postJson<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Creates a workshop through the public API. */
export async function createWorkshop(
  baseUrl: string,
  body: Record<string, unknown> = {},
): Promise<CreatedWorkshop> {
  const { status, body: created } = await postJson<CreatedWorkshop>(`${baseUrl}/api/workshops`, {
    title: 'Drill',
    ...body,
  });
  if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(created)}`);
  return created;
}

/** Joins a workshop through the public API. */
export async function joinWorkshop(
  baseUrl: string,
  workshop: CreatedWorkshop,
  name: string,
): Promise<JoinedWorkshop> {
  const { status, body } = await postJson<JoinedWorkshop>(
    `${baseUrl}/api/workshops/${workshop.id}/participants`,
    {
      name,
      joinToken: workshop.joinToken,
    },
  );
  if (status !== 201) throw new Error(`join failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Who a token stands for in a workshop (participant id and name), as the room page asks. */
export async function whoAmI(
  baseUrl: string,
  workshopId: string,
  token: string,
): Promise<{ id: string; name: string }> {
  const response = await fetch(`${baseUrl}/api/workshops/${workshopId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { you: { participantId: string; name: string } };
  return { id: body.you.participantId, name: body.you.name };
}

/** A stock y-websocket provider in Node, as the browser uses it. */
export function connectYjs(
  baseUrl: string,
  room: string,
  token: string,
  options: { connect?: boolean } = {},
) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, room, doc, {
    // The token goes in the first message, as the browser sends it (server/model/yjs-token.ts).
    WebSocketPolyfill: sendingFirst(WebSocket as unknown as typeof globalThis.WebSocket, () =>
      encodeTokenMessage(token),
    ),
    disableBc: true,
    connect: options.connect ?? true,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once the provider has synced with the server. */
export function synced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** A socket.io client authenticated with a workshop token. */
export function connectSocket(
  baseUrl: string,
  workshopId: string,
  token: string,
): Socket<ServerToClientEvents, ClientToServerEvents> {
  return io(baseUrl, {
    auth: { workshopId, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

/**
 * The one poll helper of the suites: runs `check` every `intervalMs` until it returns without throwing,
 * and resolves with what it returned. After `timeoutMs` (default 15 s) it rejects with the last
 * failure, its message prefixed with how long and how often it was tried; a check still pending at
 * the deadline (a browser read that waits) is given up as well.
 *
 *   await eventually(async () => expect(await page.getByTestId('connection').textContent()).toBe('Live'));
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let tries = 0;
  let timer: NodeJS.Timeout | undefined;
  const pendingAtDeadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`eventually: the check was still pending after ${timeoutMs} ms`)),
      timeoutMs + 1_000,
    );
  });
  try {
    for (;;) {
      tries++;
      try {
        return await Promise.race([check(), pendingAtDeadline]);
      } catch (error) {
        if (Date.now() > deadline || (error as Error).message?.startsWith('eventually:')) {
          if (error instanceof Error && !error.message.startsWith('eventually:'))
            error.message = `still failing after ${timeoutMs} ms (${tries} tries): ${error.message}`;
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

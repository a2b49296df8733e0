'use client';

import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { closeCatalogue, describeError } from '@/server/contract/error-catalogue';
import { CloseCode } from '@/server/contract/errors';
import { encodeTokenMessage, sendingFirst } from '@/server/model/yjs-token';

/** Full-jitter backoff: a server restart does not bring every client back in the same instant. */
function reconnectDelay(attempt: number): number {
  return Math.random() * Math.min(10_000, 250 * 2 ** attempt);
}

/**
 * Connects one Yjs document of a workshop to /yjs/<room>; the token goes in the first message of each
 * connection (server/model/yjs-token.ts), never in the URL.
 * Reconnects on our own jittered schedule; a permanent close code (4400-4499) stops for good and is
 * reported through `onRefused` (4401: the token) or `onFailed` (any other).
 */
export function openProvider(options: {
  room: string;
  doc: Y.Doc;
  token: string;
  onRefused: (message: string) => void;
  onFailed: (message: string) => void;
  /** Called with true once synced, with false when the connection drops. */
  onLink: (up: boolean) => void;
}): { provider: WebsocketProvider; destroy: () => void } {
  const wsBase = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/yjs`;
  let attempts = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const provider = new WebsocketProvider(wsBase, options.room, options.doc, {
    WebSocketPolyfill: sendingFirst(WebSocket, () => encodeTokenMessage(options.token)),
    disableBc: true,
    shouldReconnect: (event) => {
      if (event.code === CloseCode.UNAUTHORIZED) {
        options.onRefused(event.reason || 'This link is no longer valid.');
        return false;
      }
      if (event.code >= 4400 && event.code < 4500) {
        options.onFailed(
          event.code === CloseCode.EDIT_REFUSED && event.reason
            ? `${event.reason}. ${closeCatalogue.EDIT_REFUSED.action}`
            : describeError(event.code),
        );
        return false;
      }
      // A restarting server asks for a reconnect now: a short jitter, no backoff.
      if (event.code === CloseCode.RESTARTING) attempts = 0;
      // Our own jittered schedule replaces the provider's fixed one.
      clearTimeout(retry);
      retry = setTimeout(() => provider.connect(), reconnectDelay(attempts++));
      return false;
    },
  });
  options.onLink(false);
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    attempts = 0;
    options.onLink(true);
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'connected') options.onLink(false);
  });
  return {
    provider,
    destroy: () => {
      clearTimeout(retry);
      provider.destroy();
    },
  };
}

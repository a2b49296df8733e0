'use client';

import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientToServerEvents, ServerToClientEvents, WorkshopRecord } from '@/server/protocol';
import { CloseCode } from '@/server/protocol';
import { type ClockSample, estimateClockOffset } from '@/server/workshop/clock-offset';
import { callApi } from './api';
import { forgetToken, recallToken, rememberToken, tokenFromHash } from './tokens';

/** Connection state the room shows: "reconnecting…" whenever it is not `live`. */
export type LinkStatus = 'connecting' | 'live' | 'reconnecting';

/** A room once the token was accepted. */
export interface ConnectedRoom {
  record: WorkshopRecord;
  doc: Y.Doc;
  provider: WebsocketProvider;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
}

/** What the room page renders from. */
export type RoomState =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; room: ConnectedRoom };

/** Full-jitter backoff: a server restart does not bring every client back in the same instant. */
function reconnectDelay(attempt: number): number {
  return Math.random() * Math.min(10_000, 300 * 2 ** attempt);
}

/**
 * Opens a workshop room: checks the token over HTTP, then connects the Yjs provider and socket.io.
 * A refused token (HTTP 401/404, or close code 4401) ends in `refused` with no reconnect loop.
 */
export function useRoom(workshopId: string): { state: RoomState; status: LinkStatus; clockOffsetMs: number } {
  const [state, setState] = useState<RoomState>({ kind: 'loading' });
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const [clockOffsetMs, setClockOffsetMs] = useState(0);

  useEffect(() => {
    let disposed = false;
    let teardown = () => {};
    const fromLink = tokenFromHash();
    const token = fromLink ?? recallToken(workshopId);
    if (!token) {
      setState({
        kind: 'refused',
        message: 'You need a join link to enter this workshop. Ask your facilitator for it.',
      });
      return;
    }

    void callApi<WorkshopRecord>(`/api/workshops/${encodeURIComponent(workshopId)}`, { token }).then(
      (result) => {
        if (disposed) return;
        if (!result.ok) {
          if (result.status === 401 || result.status === 404) {
            forgetToken(workshopId);
            setState({ kind: 'refused', message: result.error.message });
          } else {
            setState({ kind: 'failed', message: result.error.message });
          }
          return;
        }
        if (result.value.you.role === 'guest') {
          window.location.replace(
            `/join/${encodeURIComponent(workshopId)}#token=${encodeURIComponent(token)}`,
          );
          return;
        }
        rememberToken(workshopId, token);

        const doc = new Y.Doc();
        const wsBase = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/yjs`;
        let attempts = 0;
        let retry: ReturnType<typeof setTimeout> | undefined;
        const provider = new WebsocketProvider(wsBase, workshopId, doc, {
          params: { token },
          disableBc: true,
          shouldReconnect: (event) => {
            if (event.code === CloseCode.UNAUTHORIZED) {
              forgetToken(workshopId);
              setState({ kind: 'refused', message: event.reason || 'This link is no longer valid.' });
              return false;
            }
            if (event.code >= 4400 && event.code < 4500) {
              setState({ kind: 'failed', message: event.reason || 'The server closed the connection.' });
              return false;
            }
            // Our own jittered schedule replaces the provider's fixed one.
            clearTimeout(retry);
            retry = setTimeout(() => provider.connect(), reconnectDelay(attempts++));
            return false;
          },
        });
        // The server stamps `user` on what it relays to others but never echoes it back to us, so
        // without our own copy this page would leave its own person out of the presence list.
        const { participantId: id, name, role } = result.value.you;
        provider.awareness.setLocalState({ online: true, user: { id, name, role } });
        provider.on('sync', (synced: boolean) => {
          if (!synced) return;
          attempts = 0;
          setStatus('live');
        });
        provider.on('status', ({ status: s }: { status: string }) => {
          if (s !== 'connected')
            setStatus((current) => (current === 'connecting' ? 'connecting' : 'reconnecting'));
        });

        const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
          path: '/socket.io/',
          auth: { workshopId, token },
          reconnectionDelay: 500,
          reconnectionDelayMax: 10_000,
          randomizationFactor: 0.5,
        });
        const measureClock = async () => {
          const samples: ClockSample[] = [];
          for (let i = 0; i < 5 && socket.connected; i++) {
            const sentAt = Date.now();
            const pong = await socket
              .timeout(5_000)
              .emitWithAck('clock:ping')
              .catch(() => undefined);
            if (pong) samples.push({ sentAt, receivedAt: Date.now(), serverNow: pong.serverNow });
          }
          const estimate = estimateClockOffset(samples);
          if (estimate && !disposed) setClockOffsetMs(estimate.offsetMs);
        };
        socket.on('connect', () => void measureClock());

        setState({ kind: 'ready', room: { record: result.value, doc, provider, socket } });
        teardown = () => {
          clearTimeout(retry);
          socket.disconnect();
          provider.destroy();
          doc.destroy();
        };
      },
    );

    return () => {
      disposed = true;
      teardown();
    };
  }, [workshopId]);

  return { state, status, clockOffsetMs };
}

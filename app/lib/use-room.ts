'use client';

import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientToServerEvents, RosterEntry, ServerToClientEvents } from '@/server/contract/commands';
import { buildDocName } from '@/server/contract/doc-names';
import type { WorkshopRecord } from '@/server/contract/http-workshop';
import type { DocKind } from '@/server/contract/vocabulary';
import { type ClockSample, estimateClockOffset } from '@/server/model/clock-offset';
import { callApi } from './api';
import { openProvider } from './open-provider';
import { forgetToken, recallToken, rememberToken, tokenFromHash } from './tokens';

/** Connection state the room shows: "reconnecting…" whenever it is not `live`. */
export type LinkStatus = 'connecting' | 'live' | 'reconnecting';

/** The typed socket.io client of a room. */
export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A room once the token was accepted: its three documents, their providers and the socket. */
export interface ConnectedRoom {
  record: WorkshopRecord;
  /** This browser's token, for the summary request; never logged. */
  token: string;
  /** The walls (collaborative). */
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The scribe's timeline (the server drops writes from anyone but the scribe and facilitator). */
  logDoc: Y.Doc;
  /** The authoritative state: read only, never written from here. */
  stateDoc: Y.Doc;
  socket: RoomSocket;
}

/** What the room page renders from. */
export type RoomState =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; room: ConnectedRoom };

/**
 * Opens a workshop room: checks the token over HTTP, then connects a Yjs provider for each of the
 * room, log and state documents, and socket.io (commands, roster, clock pings). A refused token
 * (HTTP 401/404, or close code 4401) ends in `refused` with no reconnect loop.
 */
export function useRoom(workshopId: string): {
  state: RoomState;
  status: LinkStatus;
  clockOffsetMs: number;
  roster: RosterEntry[];
} {
  const [state, setState] = useState<RoomState>({ kind: 'loading' });
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [roster, setRoster] = useState<RosterEntry[]>([]);

  useEffect(() => {
    let disposed = false;
    let teardown = () => {};
    const token = tokenFromHash() ?? recallToken(workshopId);
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

        // Every link (three providers and the socket) must be up for the room to be "Live".
        const links = new Map<string, boolean>();
        let wasLive = false;
        const setLink = (name: string, up: boolean) => {
          links.set(name, up);
          const live = links.size === 4 && [...links.values()].every(Boolean);
          if (live) wasLive = true;
          setStatus(live ? 'live' : wasLive ? 'reconnecting' : 'connecting');
        };
        const onRefused = (message: string) => {
          forgetToken(workshopId);
          setState({ kind: 'refused', message });
        };
        const onFailed = (message: string) => setState({ kind: 'failed', message });
        const open = (kind: DocKind, doc: Y.Doc) =>
          openProvider({
            room: buildDocName(workshopId, kind),
            doc,
            token,
            onRefused,
            onFailed,
            onLink: (up) => setLink(kind, up),
          });

        const doc = new Y.Doc();
        const logDoc = new Y.Doc();
        const stateDoc = new Y.Doc();
        const main = open('walls', doc);
        const log = open('log', logDoc);
        const stateLink = open('state', stateDoc);
        // Presence lives on the room document only; the others carry no awareness of ours.
        log.provider.awareness.setLocalState(null);
        stateLink.provider.awareness.setLocalState(null);
        // The server stamps `user` on what it relays to others but never echoes it back to us, so
        // without our own copy this page would leave its own person out of the presence list.
        const { participantId: id, name, role } = result.value.you;
        main.provider.awareness.setLocalState({ online: true, user: { id, name, role } });

        const socket: RoomSocket = io({
          path: '/socket.io/',
          auth: { workshopId, token },
          // WebSocket only: long-polling would need sticky sessions behind a load balancer.
          transports: ['websocket'],
          reconnectionDelay: 300,
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
          if (!estimate || disposed) return;
          setClockOffsetMs(estimate.offsetMs);
          // For the facilitator's connection panel; nothing waits for the answer.
          socket.emit('clock:report', estimate, () => {});
        };
        socket.on('connect', () => {
          setLink('socket', true);
          void measureClock();
        });
        let socketRetry: ReturnType<typeof setTimeout> | undefined;
        socket.on('disconnect', (reason) => {
          setLink('socket', false);
          // The roster is stale while we are cut off: nobody is known to be online but through presence.
          setRoster((current) => current.map((entry) => ({ ...entry, online: false })));
          // A server shutting down disconnects every socket itself, which socket.io does not retry.
          if (reason === 'io server disconnect') {
            clearTimeout(socketRetry);
            socketRetry = setTimeout(() => socket.connect(), 500 + Math.random() * 2_000);
          }
        });
        // A server that cannot check the token right now (its database is away) asks to retry.
        socket.on('connect_error', (error) => {
          if ((error as { data?: { code?: string } }).data?.code !== 'UNAVAILABLE') return;
          clearTimeout(socketRetry);
          socketRetry = setTimeout(() => socket.connect(), 1_000 + Math.random() * 2_000);
        });
        socket.on('roster:update', (next) => {
          if (!disposed) setRoster(next);
        });
        setLink('socket', socket.connected);

        setState({
          kind: 'ready',
          room: { record: result.value, token, doc, provider: main.provider, logDoc, stateDoc, socket },
        });
        teardown = () => {
          clearTimeout(socketRetry);
          socket.disconnect();
          for (const link of [main, log, stateLink]) link.destroy();
          for (const d of [doc, logDoc, stateDoc]) d.destroy();
        };
      },
    );

    return () => {
      disposed = true;
      teardown();
    };
  }, [workshopId]);

  return { state, status, clockOffsetMs, roster };
}

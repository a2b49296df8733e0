import type { Server } from 'socket.io';
import type { Session } from '../access/authenticate';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/commands';

/**
 * Per-socket data: the authenticated session, and what the connection panel shows of it. socket.io's
 * `fetchSockets` hands `data` to every process, so it stays small and plain.
 */
export interface SocketData {
  session: Session & { participantId: string };
  /** The process serving this connection. */
  processId: string;
  /** Epoch ms the connection was accepted. */
  connectedAt: number;
  /** The browser's last clock report on this connection. */
  clock?: { rttMs: number; offsetMs: number; at: number };
}

/** A socket.io server typed with the shared protocol. */
export type FiredrillIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** The socket.io room of one workshop. */
export const workshopRoom = (workshopId: string) => `workshop:${workshopId}`;

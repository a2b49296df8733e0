import type { Logger } from 'pino';
import type { FiredrillIo } from './socket-server';

/** Who is connected to a workshop now, on any process. */
export interface Presence {
  online(workshopId: string): Promise<ReadonlySet<string>>;
}

/** The socket.io room of one workshop. */
export const workshopRoom = (workshopId: string) => `workshop:${workshopId}`;

/**
 * Presence read from socket.io itself: `fetchSockets` asks every process through the adapter (the
 * Redis adapter with several processes), so a person connected to any process counts as online and
 * a process that died counts nobody, with no presence state of our own to go stale. If the other
 * processes cannot be asked (Redis away) this process answers for its own sockets.
 */
export function socketPresence(io: () => FiredrillIo, log: Logger): Presence {
  return {
    async online(workshopId) {
      const room = workshopRoom(workshopId);
      const sockets = await io()
        .in(room)
        .fetchSockets()
        .catch((error: unknown) => {
          log.warn({ event: 'presence.partial', workshopId, err: error }, 'presence from this process only');
          return io().local.in(room).fetchSockets();
        });
      return new Set(sockets.map((socket) => socket.data.session.participantId));
    },
  };
}

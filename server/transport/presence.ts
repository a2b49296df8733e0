import type { Logger } from 'pino';
import type { LiveConnection } from '../domain/connection-summary';
import type { Presence } from '../live/ports';
import { type FiredrillIo, workshopRoom } from './socket-types';

/**
 * Presence read from socket.io itself: `fetchSockets` asks every process through the adapter (the
 * Redis adapter with several processes), so a person connected to any process counts as online and
 * a process that died counts nobody, with no presence state of our own to go stale. If the other
 * processes cannot be asked (Redis away) this process answers for its own sockets.
 */
export function socketPresence(io: () => FiredrillIo, log: Logger): Presence {
  const connections = async (workshopId: string): Promise<LiveConnection[]> => {
    const room = workshopRoom(workshopId);
    const sockets = await io()
      .in(room)
      .fetchSockets()
      .catch((error: unknown) => {
        log.warn({ event: 'presence.partial', workshopId, err: error }, 'presence from this process only');
        return io().local.in(room).fetchSockets();
      });
    // Remote sockets carry `data` as their process last set it (the clock report included).
    return sockets.map(({ data }) => ({
      participantId: data.session.participantId,
      processId: data.processId ?? 'unknown',
      connectedAt: data.connectedAt,
      ...(data.clock ? { clock: data.clock } : {}),
    }));
  };
  return {
    connections,
    async online(workshopId) {
      return new Set((await connections(workshopId)).map((c) => c.participantId));
    },
  };
}

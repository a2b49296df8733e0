import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Session } from '../api/authenticate';
import { type ClientToServerEvents, type ServerToClientEvents, socketAuthSchema } from '../protocol';

/** Per-socket data: the authenticated session. */
export interface SocketData {
  session: Session;
}

/** A socket.io server typed with the shared protocol. */
export type FiredrillIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Dependencies and limits of the socket.io server. */
export interface SocketServerOptions {
  log: Logger;
  authenticate: (workshopId: string, token: string | null) => Promise<Session>;
  /** Largest socket.io message accepted. Default 64 KiB: commands are small. */
  maxMessageBytes?: number;
  now?: () => number;
}

/** The socket.io room of one workshop. */
export const workshopRoom = (workshopId: string) => `workshop:${workshopId}`;

/**
 * socket.io on the shared HTTP server: authenticates in the handshake (`auth: { workshopId, token }`)
 * and answers clock pings. `destroyUpgrade: false` leaves other upgrade paths (/yjs, Next's HMR) alone.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): FiredrillIo {
  const { log } = options;
  const now = options.now ?? Date.now;
  const io: FiredrillIo = new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: options.maxMessageBytes ?? 64 * 1024,
    connectionStateRecovery: undefined,
  });

  io.use((socket, next) => {
    const parsed = socketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      log.info({ event: 'socket.refused', reason: 'missing auth' }, 'socket.io connection refused');
      next(
        Object.assign(new Error('This link is not valid for this workshop.'), {
          data: { code: 'UNAUTHORIZED' },
        }),
      );
      return;
    }
    const { workshopId, token } = parsed.data;
    options.authenticate(workshopId, token).then(
      (session) => {
        socket.data.session = session;
        next();
      },
      () => {
        log.info(
          { event: 'socket.refused', workshopId, reason: 'invalid token' },
          'socket.io connection refused',
        );
        next(
          Object.assign(new Error('This link is not valid for this workshop.'), {
            data: { code: 'UNAUTHORIZED' },
          }),
        );
      },
    );
  });

  io.on('connection', (socket) => {
    const { session } = socket.data;
    const context = { workshopId: session.workshopId, participantId: session.participantId };
    log.info({ ...context, event: 'participant.joined', role: session.role }, 'joined the room');
    void socket.join(workshopRoom(session.workshopId));
    socket.emit('session:ready', {
      participantId: session.participantId,
      name: session.name,
      role: session.role,
    });

    socket.on('clock:ping', (ack) => {
      if (typeof ack === 'function') ack({ serverNow: now() });
    });

    socket.on('disconnect', (reason) => {
      log.info({ ...context, event: 'participant.left', reason }, 'left the room');
    });
  });

  return io;
}

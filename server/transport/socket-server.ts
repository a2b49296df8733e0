import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server } from 'socket.io';
import type { Session } from '../access/authenticate';
import { jsonRefusal } from '../access/json-refusal';
import {
  type ClientToServerEvents,
  commandNames,
  commandSchemas,
  type ServerToClientEvents,
  socketAuthSchema,
} from '../contract/commands';
import { type Ack, ErrorCode } from '../contract/errors';
import type { EventRecorder, LiveHooks } from '../live/hooks';
import type { CommandLimiter } from '../live/ports';
import type { WorkshopService } from '../live/workshop-room';
import { type ConnectionReports, serveConnectionPanel } from './connection-panel';
import { type FiredrillIo, workshopRoom } from './socket-types';

export type { FiredrillIo, SocketData } from './socket-types';

/** Dependencies and limits of the socket.io server. */
export interface SocketServerOptions {
  log: Logger;
  authenticate: (workshopId: string, token: string | null) => Promise<Session>;
  workshops: WorkshopService;
  /** Largest socket.io message accepted. Default 64 KiB: commands are small. */
  maxMessageBytes?: number;
  /** Commands per second one person may send (burst of twice that). Default 10. */
  commandsPerSecond?: number;
  /**
   * Where the command budget is counted; default in this process's memory. With several processes a
   * Redis limiter, so a person spreading commands over processes has one budget.
   */
  limiter?: CommandLimiter;
  /** Told of every command answered (`commandRun`) and every connection refused in the handshake (`refused`). */
  hooks?: LiveHooks;
  /** This process's name, kept on each connection for the connection panel. Default `local`. */
  processId?: string;
  /** Where joins, leaves, refusals and command results of a workshop are recorded. */
  events?: EventRecorder;
  /** Answers the facilitator's `connections:list` and keeps `clock:report`s (absent: neither is served). */
  connections?: ConnectionReports;
  now?: () => number;
}

const refusal = (message: string) =>
  Object.assign(new Error(message), { data: { code: ErrorCode.UNAUTHORIZED } });

/**
 * socket.io on the shared HTTP server: authenticates in the handshake (`auth: { workshopId, token }`),
 * keeps the roster, answers clock pings and runs commands. Every command payload is zod-parsed, rate
 * limited and acknowledged with `{ ok }` or `{ ok: false, error }`. `destroyUpgrade: false` leaves
 * the other upgrade paths (/yjs, Next's HMR) alone.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): FiredrillIo {
  const { log, workshops } = options;
  const now = options.now ?? Date.now;
  const perSecond = options.commandsPerSecond ?? 10;
  const limiter = options.limiter ?? new RateLimiterMemory({ points: perSecond * 2, duration: 2 });
  const io: FiredrillIo = new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: options.maxMessageBytes ?? 64 * 1024,
  });

  io.use((socket, next) => {
    const parsed = socketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      options.hooks?.refused?.('socket_handshake', ErrorCode.UNAUTHORIZED);
      log.info({ event: 'socket.refused', reason: 'missing auth' }, 'socket.io connection refused');
      next(refusal('This link is not valid for this workshop.'));
      return;
    }
    const { workshopId, token } = parsed.data;
    options.authenticate(workshopId, token).then(
      (session) => {
        if (!session.participantId) {
          options.events?.record({
            workshopId,
            event: 'socket.refused',
            detail: { code: ErrorCode.UNAUTHORIZED, reason: 'join the workshop first' },
          });
          next(refusal('Join the workshop with your name first.'));
          return;
        }
        socket.data.session = { ...session, participantId: session.participantId };
        socket.data.processId = options.processId ?? 'local';
        socket.data.connectedAt = now();
        next();
      },
      (error: unknown) => {
        if ((error as { code?: string }).code === ErrorCode.UNAVAILABLE) {
          options.hooks?.refused?.('socket_handshake', ErrorCode.UNAVAILABLE);
          options.events?.record({
            workshopId,
            event: 'socket.refused',
            detail: { code: ErrorCode.UNAVAILABLE, reason: 'database unavailable' },
          });
          log.warn({ event: 'socket.refused', workshopId, reason: 'database unavailable' }, 'try later');
          next(
            Object.assign(new Error('The server cannot check your link right now: retrying.'), {
              data: { code: ErrorCode.UNAVAILABLE },
            }),
          );
          return;
        }
        options.hooks?.refused?.('socket_handshake', ErrorCode.UNAUTHORIZED);
        // Recorded only for a workshop that exists (the event log skips others): a probe writes nothing.
        options.events?.record({
          workshopId,
          event: 'socket.refused',
          detail: { code: ErrorCode.UNAUTHORIZED, reason: 'invalid token' },
        });
        log.info(
          { event: 'socket.refused', workshopId, reason: 'invalid token' },
          'socket.io connection refused',
        );
        next(refusal('This link is not valid for this workshop.'));
      },
    );
  });

  io.on('connection', (socket) => {
    const { session } = socket.data;
    const { workshopId, participantId } = session;
    const context = { workshopId, participantId };
    const transport = socket.conn.transport.name;
    log.info({ ...context, event: 'participant.joined', role: session.role }, 'joined the room');
    options.events?.record({
      ...context,
      event: 'participant.joined',
      detail: {
        role: session.role,
        processId: socket.data.processId,
        transport,
        userAgent: socket.handshake.headers['user-agent'] ?? null,
      },
    });
    void socket.join(workshopRoom(workshopId));
    socket.emit('session:ready', { participantId, name: session.name, role: session.role });
    const broadcastRoster = (roster: Awaited<ReturnType<WorkshopService['roster']>>) =>
      io.to(workshopRoom(workshopId)).emit('roster:update', roster);
    workshops.presenceChanged(workshopId).then(broadcastRoster, (error: unknown) => {
      log.error({ ...context, event: 'roster.failed', err: error }, 'could not update the roster');
    });

    socket.on('clock:ping', (ack) => {
      if (typeof ack === 'function') ack({ serverNow: now() });
    });
    if (options.connections)
      serveConnectionPanel(socket, {
        log,
        reporter: options.connections,
        facilitatorId: (id) => workshops.facilitatorId(id),
        events: options.events,
        now,
      });

    for (const name of commandNames) {
      socket.on(name, async (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return; // nobody to answer: a command without an ack is dropped
        const started = performance.now();
        const reply = (result: Ack<unknown>) => {
          const seconds = (performance.now() - started) / 1000;
          const outcome = result.ok ? 'ok' : result.error.code;
          options.hooks?.commandRun?.(name, outcome, seconds);
          options.events?.record({
            ...context,
            event: 'command',
            detail: { command: name, result: outcome, ms: Math.round(seconds * 10_000) / 10 },
          });
          (ack as (result: Ack<unknown>) => void)(result);
        };
        try {
          await limiter.consume(`${workshopId}:${participantId}`);
        } catch {
          reply({
            ok: false,
            error: { code: ErrorCode.RATE_LIMITED, message: 'Too many commands: slow down a moment.' },
          });
          return;
        }
        // PostgreSQL text cannot hold a NUL character, and deep nesting overflows recursive code:
        // refused here, not failed later in a write.
        const refusal = jsonRefusal(payload);
        if (refusal) {
          reply({ ok: false, error: refusal.toJSON() });
          return;
        }
        const parsed = commandSchemas[name].safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const message = issue
            ? `Invalid ${issue.path.join('.') || 'payload'}: ${issue.message}`
            : 'Invalid payload';
          reply({ ok: false, error: { code: ErrorCode.BAD_REQUEST, message } });
          return;
        }
        try {
          reply(await workshops.run(workshopId, participantId, name, parsed.data as never));
        } catch (error) {
          log.error(
            { ...context, event: 'command.failed', command: name, code: ErrorCode.INTERNAL, err: error },
            'command failed',
          );
          reply({
            ok: false,
            error: { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side; try again.' },
          });
        }
      });
    }

    socket.on('disconnect', (reason) => {
      log.info({ ...context, event: 'participant.left', reason }, 'left the room');
      options.events?.record({
        ...context,
        event: 'participant.left',
        detail: {
          reason,
          processId: socket.data.processId,
          transport,
          connectedMs: now() - socket.data.connectedAt,
        },
      });
      workshops.presenceChanged(workshopId).then(broadcastRoster, (error: unknown) => {
        log.error({ ...context, event: 'roster.failed', err: error }, 'could not update the roster');
      });
    });
  });

  return io;
}

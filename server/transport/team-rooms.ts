import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import { AppError } from '../access/app-error';
import type { TeamSession } from '../access/team-access';
import { ErrorCode } from '../contract/errors';
import {
  TEAM_NAMESPACE,
  type TeamServerToClientEvents,
  type TeamTopic,
  teamSocketAuthSchema,
} from '../contract/team';
import type { LiveHooks } from '../live/hooks';
import type { TeamChanges } from '../live/ports';
import type { FiredrillIo } from './socket-types';

/** The socket.io room of one team's open pages. */
export const teamRoom = (teamId: string) => `team:${teamId}`;

/** The team namespace, typed with its own events and per-socket data. */
type TeamNamespace = Namespace<
  Record<string, never>,
  TeamServerToClientEvents,
  Record<string, never>,
  { session: TeamSession }
>;

// The server is typed with the workshop protocol; the team namespace speaks its own.
const teamNamespace = (io: FiredrillIo) => io.of(TEAM_NAMESPACE) as unknown as TeamNamespace;

/** What the team namespace needs. */
export interface TeamRoomsOptions {
  log: Logger;
  /** Resolves a team token: an AppError for a wrong one, anything else when it cannot be checked now. */
  authenticate: (teamId: string, token: string) => Promise<TeamSession>;
  /** Told of every refused connection (`refused`), with the error code. */
  hooks?: LiveHooks;
}

/**
 * Serves the team namespace: a page connects with `auth: { teamId, token }` (the admin or member
 * token), and only once that token is valid for that team is it put in the team's room. The socket
 * only listens: nothing it sends is handled, and what it hears is topics, never content.
 */
export function serveTeamRooms(io: FiredrillIo, options: TeamRoomsOptions): void {
  const { log } = options;
  const namespace = teamNamespace(io);
  const refusal = (code: ErrorCode, message: string) => {
    options.hooks?.refused?.('team_socket_handshake', code);
    return Object.assign(new Error(message), { data: { code } });
  };

  namespace.use((socket, next) => {
    const parsed = teamSocketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      log.info({ event: 'team_socket.refused', reason: 'missing auth' }, 'team page connection refused');
      next(refusal(ErrorCode.UNAUTHORIZED, 'This link is not valid for this team.'));
      return;
    }
    const { teamId, token } = parsed.data;
    options.authenticate(teamId, token).then(
      (session) => {
        socket.data.session = session;
        next();
      },
      (error: unknown) => {
        if (error instanceof AppError) {
          log.info(
            { event: 'team_socket.refused', teamId, code: error.code },
            'team page connection refused',
          );
          next(refusal(error.code, error.message));
          return;
        }
        // The database did not answer: the page retries, as a workshop room does.
        log.warn({ event: 'team_socket.refused', teamId, err: error }, 'could not check a team token');
        next(refusal(ErrorCode.UNAVAILABLE, 'The server cannot check your link right now: retrying.'));
      },
    );
  });

  namespace.on('connection', (socket) => {
    const { teamId, role } = socket.data.session;
    void socket.join(teamRoom(teamId));
    log.debug({ event: 'team_socket.joined', teamId, role }, 'team page connected');
  });
}

/**
 * Announces through `io()`'s team namespace: with the Redis adapter, `to(room).emit` reaches the
 * pages on every process. `io` is read when announcing (the server exists after the services).
 */
export function teamChangesOver(io: () => FiredrillIo | undefined, log: Logger): TeamChanges {
  return {
    announce(teamId, topics) {
      const server = io();
      if (!server || topics.length === 0) return;
      try {
        teamNamespace(server)
          .to(teamRoom(teamId))
          .emit('team:changed', { topics: [...new Set(topics)] });
      } catch (error) {
        log.warn({ event: 'team.announce_failed', teamId, err: error }, 'could not announce a team change');
      }
    },
  };
}

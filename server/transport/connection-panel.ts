import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import {
  type ClientToServerEvents,
  type ConnectionsReport,
  clockReportSchema,
  type ServerToClientEvents,
} from '../contract/commands';
import { describeError } from '../contract/error-catalogue';
import { type Ack, ErrorCode } from '../contract/errors';
import type { EventRecorder } from '../live/hooks';
import type { SocketData } from './socket-types';

/** The connection report the panel shows (use-cases/connection-report.ts). */
export interface ConnectionReports {
  report(workshopId: string): Promise<ConnectionsReport>;
}

/** A connected socket of the room. */
type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What the connection panel's handlers need. */
export interface ConnectionPanelOptions {
  log: Logger;
  reporter: ConnectionReports;
  /** Who holds the facilitator role now. */
  facilitatorId: (workshopId: string) => Promise<string | undefined>;
  events?: EventRecorder;
  now: () => number;
  /** Shortest time between two recorded clock reports of one connection. Default 10 s. */
  clockRecordEveryMs?: number;
}

const fail = (code: ErrorCode, message: string): Ack<never> => ({ ok: false, error: { code, message } });

/**
 * Serves `clock:report` (kept on the connection, where `fetchSockets` finds it from any process, and
 * recorded) and `connections:list` (the facilitator's panel; anyone else gets NOT_FACILITATOR). A
 * list already being made for this socket is shared, so a stuck database is not asked twice.
 */
export function serveConnectionPanel(socket: RoomSocket, options: ConnectionPanelOptions): void {
  const { log, reporter, events, now } = options;
  const { workshopId, participantId } = socket.data.session;
  const context = { workshopId, participantId };
  let lastRecorded = Number.NEGATIVE_INFINITY;
  let listing: Promise<Ack<ConnectionsReport>> | undefined;

  socket.on('clock:report', (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<null>) => void) : () => {};
    const parsed = clockReportSchema.safeParse(payload);
    if (!parsed.success) {
      reply(fail(ErrorCode.BAD_REQUEST, 'Invalid clock report.'));
      return;
    }
    const at = now();
    socket.data.clock = { ...parsed.data, at };
    if (at - lastRecorded >= (options.clockRecordEveryMs ?? 10_000)) {
      lastRecorded = at;
      events?.record({
        workshopId,
        participantId,
        event: 'participant.clock',
        detail: { rttMs: Math.round(parsed.data.rttMs), offsetMs: Math.round(parsed.data.offsetMs) },
      });
    }
    reply({ ok: true, value: null });
  });

  const list = async (): Promise<Ack<ConnectionsReport>> => {
    try {
      if ((await options.facilitatorId(workshopId)) !== participantId) {
        log.info({ ...context, event: 'connections.refused', code: ErrorCode.NOT_FACILITATOR }, 'refused');
        return fail(ErrorCode.NOT_FACILITATOR, 'Only the facilitator sees the connections.');
      }
      return { ok: true, value: await reporter.report(workshopId) };
    } catch (error) {
      log.warn(
        { ...context, event: 'connections.failed', code: ErrorCode.UNAVAILABLE, err: error },
        'could not list connections',
      );
      return fail(ErrorCode.UNAVAILABLE, describeError(ErrorCode.UNAVAILABLE));
    }
  };

  socket.on('connections:list', (ack: unknown) => {
    if (typeof ack !== 'function') return;
    listing ??= list().finally(() => {
      listing = undefined;
    });
    void listing.then(ack as (result: Ack<ConnectionsReport>) => void);
  });
}

/**
 * The socket.io side of the wire contract: every command a client may send with its payload schema,
 * the event maps of both directions, and the facilitator's connection panel. The server registers one
 * handler per command; the client's emit types are derived from the same table.
 */

import type { Ack } from './errors';
import type { Role } from './http-workshop';
import { scenarioInputSchema } from './http-workshop';
import { Limits } from './limits';
import { ACTION_STATUSES, SETTABLE_PHASES } from './vocabulary';
import { z } from './zod';

/** Server time, for clock-offset estimation. */
export interface ClockPong {
  serverNow: number;
}

const id = z.string().min(1).max(64);
const nothing = z.object({}).strict();

/**
 * Every command a client may send over socket.io, with its payload schema. The server registers one
 * handler per entry; the client's emit types are derived from the same table.
 */
export const commandSchemas = {
  'phase:set': z.object({ phase: z.enum(SETTABLE_PHASES) }).strict(),
  'hat:fill': nothing,
  'hat:add-card': scenarioInputSchema,
  'hat:draw': z.object({ participantId: id.optional() }).strict(),
  'hat:return': z.object({ cardId: id }).strict(),
  'turn:start': z.object({ participantId: id.optional() }).strict(),
  'turn:pass': nothing,
  'turn:end': nothing,
  'turn:reorder': z.object({ order: z.array(id).max(100) }).strict(),
  'turn:driver-may-pass': z.object({ allowed: z.boolean() }).strict(),
  'evidence:reveal': z.object({ index: z.number().int().min(0).max(Limits.evidenceItems) }).strict(),
  'scribe:assign': z.object({ participantId: id.nullable() }).strict(),
  'role:hand': z.object({ participantId: id }).strict(),
  'role:claim': nothing,
  'timer:start': nothing,
  'timer:pause': nothing,
  'timer:resume': nothing,
  'timer:adjust': z
    .object({
      minutes: z
        .number()
        .int()
        .min(-120)
        .max(120)
        .refine((m) => m !== 0, 'must not be 0'),
    })
    .strict(),
  'timer:timebox': z.object({ minutes: z.number().int().min(1).max(120).nullable() }).strict(),
  'review:set-status': z.object({ actionId: id.max(200), status: z.enum(ACTION_STATUSES) }).strict(),
  'vote:cast': z.object({ actionId: id }).strict(),
  'vote:retract': z.object({ actionId: id }).strict(),
  'workshop:end': nothing,
} as const;

/** The name of a command. */
export type CommandName = keyof typeof commandSchemas;
/** The payload of a command, as the client sends it. */
export type CommandPayload<N extends CommandName> = z.input<(typeof commandSchemas)[N]>;
/** The names of every command, for registration loops. */
export const commandNames = Object.keys(commandSchemas) as CommandName[];

/** Someone in the roster, with their live connection state. */
export interface RosterEntry {
  id: string;
  name: string;
  online: boolean;
}

/** Events the server sends to a socket.io client. */
export interface ServerToClientEvents {
  'session:ready': (session: { participantId: string | null; name: string | null; role: Role }) => void;
  'roster:update': (roster: RosterEntry[]) => void;
}

type CommandEvents = {
  [N in CommandName]: (payload: CommandPayload<N>, ack: (result: Ack<unknown>) => void) => void;
};

/** Events a socket.io client sends to the server; every one is acknowledged. */
export interface ClientToServerEvents extends CommandEvents, ConnectionPanelEvents {
  'clock:ping': (ack: (pong: ClockPong) => void) => void;
}

/** The auth payload of a socket.io connection. */
export const socketAuthSchema = z.object({
  workshopId: z.string().min(1).max(64),
  token: z.string().min(1).max(200),
});

/*
 * The facilitator's connection panel (and the support bundle's copy of it).
 */

/** What a browser reports after its clock pings: the lowest round trip and the offset it gave. */
export const clockReportSchema = z
  .object({
    rttMs: z.number().finite().min(0).max(600_000),
    /** serverClock - localClock, ms; a laptop a day off is still a number worth showing. */
    offsetMs: z
      .number()
      .finite()
      .min(-7 * 86_400_000)
      .max(7 * 86_400_000),
  })
  .strict();
/** A validated clock report. */
export type ClockReport = z.infer<typeof clockReportSchema>;

/** One admitted person as the connection panel shows them. */
export interface ConnectionRow {
  participantId: string;
  name: string;
  online: boolean;
  /** Open socket.io connections now (two tabs are two). */
  connections: number;
  /** Epoch ms (server clock): online since, or offline since their last leave; null if never seen. */
  since: number | null;
  /** socket.io connections in this workshop after the first one. */
  reconnects: number;
  /** Reconnects within the flapping window. */
  recentReconnects: number;
  /** At least `flapping.reconnects` reconnects within `flapping.windowMs`. */
  flapping: boolean;
  /** Their browser's last clock report (live, or the last recorded once offline). */
  rttMs: number | null;
  offsetMs: number | null;
  /** The processes serving their socket.io connections now. */
  processIds: string[];
}

/** The answer to `connections:list`. */
export interface ConnectionsReport {
  /** The server's clock when the report was made, to show "for 3 min" without trusting the laptop. */
  serverNow: number;
  /** Whether several processes serve this deployment (the panel then shows which serves whom). */
  multiProcess: boolean;
  flapping: { reconnects: number; windowMs: number };
  rows: ConnectionRow[];
}

/** Client → server events of the connection panel; both acknowledged. */
export interface ConnectionPanelEvents {
  /** After the clock pings: kept on the connection, shown to the facilitator, recorded. */
  'clock:report': (report: ClockReport, ack: (result: Ack<null>) => void) => void;
  /** Facilitator only (else NOT_FACILITATOR): everyone admitted with their connection state. */
  'connections:list': (ack: (result: Ack<ConnectionsReport>) => void) => void;
}

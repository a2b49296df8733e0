/**
 * The wire contract shared by the server and the browser: socket.io event maps, zod schemas for every
 * payload, error codes, Yjs document names and WebSocket close codes. No Node or database imports:
 * app/ imports this file, so the two sides cannot drift.
 */
import { z } from 'zod';
import { describeFindings, openFindings } from '../model/evidence-redaction';

/** Stable error codes; the UI shows the message, logs carry the code. */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  INVALID_JSON: 'INVALID_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  NOT_FACILITATOR: 'NOT_FACILITATOR',
  NOT_DRIVER: 'NOT_DRIVER',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  WRONG_PHASE: 'WRONG_PHASE',
  HAT_EMPTY: 'HAT_EMPTY',
  ALREADY_HOLDS_CARD: 'ALREADY_HOLDS_CARD',
  UNKNOWN_PARTICIPANT: 'UNKNOWN_PARTICIPANT',
  UNKNOWN_CARD: 'UNKNOWN_CARD',
  CARD_IN_PLAY: 'CARD_IN_PLAY',
  NO_TURN: 'NO_TURN',
  NO_SUCH_EVIDENCE: 'NO_SUCH_EVIDENCE',
  BAD_ORDER: 'BAD_ORDER',
  TIMER_STATE: 'TIMER_STATE',
  VOTES_USED: 'VOTES_USED',
  FACILITATOR_PRESENT: 'FACILITATOR_PRESENT',
  WORKSHOP_ENDED: 'WORKSHOP_ENDED',
  /** The workshop has MAX_PARTICIPANTS participants already. */
  WORKSHOP_FULL: 'WORKSHOP_FULL',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_MANY_WEBHOOKS: 'TOO_MANY_WEBHOOKS',
  /** The database is not answering: try again shortly (the room itself goes on from memory). */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of every 4xx/5xx HTTP answer and every failed socket.io ack. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Which fields were wrong, for validation errors. */
  issues?: { path: string; message: string }[];
}

/** What a socket.io command acknowledges with. */
export type Ack<T = undefined> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Limits shared by both sides so the UI can stop a user before the server refuses. */
export const Limits = {
  titleChars: 120,
  nameChars: 60,
  summaryChars: 2_000,
  evidenceBodyChars: 20_000,
  evidenceItems: 20,
  /** Values an evidence item may keep unredacted, and their length. */
  keptValues: 50,
  keptValueChars: 500,
  scenarios: 100,
  noteChars: 500,
  /** Post-its per workshop, deleted ones included (they can be restored). */
  notesPerWorkshop: 400,
  /** Scribe steps per workshop, deleted ones included. */
  logEntriesPerWorkshop: 600,
  /** Size of one collaborative document (walls or scribe log), as written. */
  docBytes: 4 * 1024 * 1024,
  maxDurationMinutes: 8 * 60,
} as const;

/** A trimmed, non-empty string of at most `max` characters. */
export const trimmed = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/**
 * An evidence item on the back of a scenario card. Text that looks like a secret or personal data
 * (server/model/redaction.ts) must be replaced by its placeholder or listed in `kept`, the values
 * the author chose to keep: whatever the client did, nothing unredacted is stored by mistake.
 */
export const evidenceSchema = z
  .object({
    kind: z.enum(['alert', 'chat', 'log', 'dashboard', 'text', 'image']),
    label: trimmed(Limits.titleChars),
    body: z.string().max(Limits.evidenceBodyChars),
    kept: z.array(z.string().min(1).max(Limits.keptValueChars)).max(Limits.keptValues).optional(),
  })
  .superRefine((item, ctx) => {
    const open = openFindings(item);
    if (open.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `holds ${describeFindings(open)}: redact or keep each one before saving`,
      });
  });

/** A scenario card as given when a workshop is created. */
export const scenarioInputSchema = z.object({
  title: trimmed(Limits.titleChars),
  summary: z.string().trim().max(Limits.summaryChars),
  evidence: z.array(evidenceSchema).max(Limits.evidenceItems).default([]),
});

/** POST /api/workshops */
export const createWorkshopSchema = z
  .object({
    title: trimmed(Limits.titleChars),
    durationMinutes: z.number().int().min(5).max(Limits.maxDurationMinutes).default(60),
    reflectionMinutes: z.number().int().min(0).max(Limits.maxDurationMinutes).default(15),
    facilitatorName: trimmed(Limits.nameChars).default('Facilitator'),
    scenarios: z.array(scenarioInputSchema).max(Limits.scenarios).default([]),
  })
  .refine((w) => w.reflectionMinutes < w.durationMinutes, {
    message: 'the reflection reserve must be shorter than the workshop',
    path: ['reflectionMinutes'],
  });
/** A validated create-workshop request. */
export type CreateWorkshopInput = z.infer<typeof createWorkshopSchema>;

/** POST /api/workshops/<id>/participants */
export const joinWorkshopSchema = z.object({
  name: trimmed(Limits.nameChars),
  joinToken: z.string().min(1).max(200),
});

/** The answer to a successful POST /api/workshops. */
export interface CreatedWorkshop {
  id: string;
  facilitatorToken: string;
  joinToken: string;
  facilitatorUrl: string;
  joinUrl: string;
}

/** The answer to a successful POST /api/workshops/<id>/participants. */
export interface JoinedWorkshop {
  participantId: string;
  participantToken: string;
}

/** Roles a token can carry. */
export type Role = 'facilitator' | 'participant' | 'guest';

/** The workshop record served by GET /api/workshops/<id>. */
export interface WorkshopRecord {
  id: string;
  title: string;
  durationMinutes: number;
  reflectionMinutes: number;
  phase: string;
  createdAt: string;
  endedAt: string | null;
  scenarios: { id: string; title: string; summary: string; evidence: z.infer<typeof evidenceSchema>[] }[];
  participants: { id: string; name: string; role: 'facilitator' | 'participant' }[];
  /** Who the presented token belongs to. */
  you: { role: Role; participantId: string | null; name: string | null };
  /** Only for the facilitator: the join link to share. */
  joinUrl?: string;
}

/** The read-only record of an ended workshop, served from SQL. */
export interface WorkshopSummary {
  id: string;
  /** The team the workshop belongs to, for its survey; null for a one-off. */
  teamId: string | null;
  title: string;
  createdAt: string;
  endedAt: string | null;
  participants: { id: string; name: string }[];
  draws: { seq: number; scenarioTitle: string; participantName: string }[];
  turns: {
    id: string;
    position: number;
    participantName: string;
    scenario: { id: string; title: string; summary: string } | null;
    startedAt: string;
    endedAt: string | null;
    events: {
      kind: 'step' | 'reveal';
      atMs: number;
      text: string;
      label: string | null;
      evidenceKind: string | null;
      authorName: string | null;
    }[];
  }[];
  notes: {
    id: string;
    wall: 'crappy' | 'awesome';
    text: string;
    group: string;
    authorName: string | null;
    scenarioTitle: string | null;
  }[];
  actions: {
    id: string;
    text: string;
    ownerName: string | null;
    dueDate: string | null;
    priority: 'high' | 'medium' | 'low';
    votes: number;
    status: 'open' | 'in_progress' | 'done' | 'dropped';
    scenarioTitle: string | null;
  }[];
}

/**
 * Yjs documents of a workshop, each a separate y-websocket room under /yjs/. Authoritative state lives
 * in its own document that every client connection may only read; the server alone writes it.
 */
export const yjsDocName = {
  /** Collaborative: the walls (post-its, actions). Everyone in the room writes. */
  room: (workshopId: string) => workshopId,
  /** Collaborative: the scribe's timeline. Only the scribe and the facilitator write. */
  log: (workshopId: string) => `${workshopId}/log`,
  /** Authoritative: phase, hat, turns, scribe, timer, reveals, votes. Read-only for every client. */
  state: (workshopId: string) => `${workshopId}/state`,
};

/**
 * WebSocket close codes the Yjs endpoint uses; the browser reads them to tell the user why. Codes
 * 4400-4499 are permanent (the y-websocket client stops reconnecting); others are retried.
 */
export const CloseCode = {
  /** The token is missing, wrong or not for this workshop: do not reconnect. */
  UNAUTHORIZED: 4401,
  /** The connection tried to write a document it may only read. */
  READ_ONLY: 4403,
  /** The message could not be decoded. */
  MALFORMED: 4400,
  /** The client does not read fast enough; it may reconnect and resync. */
  TOO_SLOW: 4001,
  /** The connection sent more than its byte budget: a runaway or hostile client; do not reconnect. */
  TOO_FAST: 4429,
  /**
   * The update was refused whole (a shape the app never writes, someone else's note, a quota): the
   * reason says which; nothing of it was applied. Do not reconnect with the same document.
   */
  EDIT_REFUSED: 4422,
  /** The message was bigger than the limit (ws uses 1009 itself). */
  TOO_BIG: 1009,
  /**
   * This process is restarting or draining (1012, "service restart"): reconnect now, without backoff;
   * the load balancer sends the new connection to another process.
   */
  RESTARTING: 1012,
  /** The server cannot check the token right now (its database is away): reconnect with backoff. */
  TRY_AGAIN_LATER: 1013,
  /** The document could not be loaded (a database error): reconnect with backoff. */
  LOAD_FAILED: 1011,
} as const;
/** One of the close codes. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** What an error means and what the person who got it can do, as the UI says it and docs/errors.md lists it. */
export interface CatalogueEntry {
  meaning: string;
  action: string;
}

/**
 * Every error code the server sends (HTTP `{ error: { code } }`, command acks, socket.io handshake
 * refusals): the type makes this list complete. `npm run docs:errors` writes docs/errors.md from it
 * and `npm run check` fails when that file is out of date.
 */
export const errorCatalogue: Record<ErrorCode, CatalogueEntry> = {
  BAD_REQUEST: {
    meaning: 'The request or command was not well formed.',
    action: 'Reload the page; if it persists, report it with a support bundle.',
  },
  INVALID_JSON: {
    meaning: 'The request body was not valid JSON.',
    action: 'Send a JSON body (API clients).',
  },
  PAYLOAD_TOO_LARGE: {
    meaning: 'The request was larger than the server accepts.',
    action: 'Send less at once: a smaller image or import.',
  },
  UNAUTHORIZED: {
    meaning: 'The link or token is missing, wrong, or not for this workshop or team.',
    action: 'Ask the facilitator or team admin for a fresh link.',
  },
  NOT_FOUND: { meaning: 'There is nothing at this address.', action: 'Check the link.' },
  NOT_FACILITATOR: {
    meaning: 'Only the facilitator may do this.',
    action: 'Ask the facilitator, or ask them to hand you the role.',
  },
  NOT_DRIVER: { meaning: 'Only the person whose turn it is may do this.', action: 'Wait for your turn.' },
  NOT_A_MEMBER: {
    meaning: 'That person is not in this workshop or team.',
    action: 'Pick someone who joined.',
  },
  WRONG_PHASE: {
    meaning: 'This cannot be done in the workshop’s current phase.',
    action: 'The facilitator moves the workshop to the right phase first.',
  },
  HAT_EMPTY: { meaning: 'The hat has no cards left.', action: 'Put a card back, add one, or fill the hat.' },
  ALREADY_HOLDS_CARD: {
    meaning: 'You already hold a card.',
    action: 'Investigate it (or put it back) before drawing another.',
  },
  UNKNOWN_PARTICIPANT: {
    meaning: 'That person is not in this workshop.',
    action: 'Pick someone from the roster.',
  },
  UNKNOWN_CARD: {
    meaning: 'That card does not exist (any more).',
    action: 'Reload the page to see the current deck.',
  },
  CARD_IN_PLAY: { meaning: 'That card has already been investigated.', action: 'Pick another card.' },
  NO_TURN: { meaning: 'No turn is running.', action: 'The facilitator starts a turn first.' },
  NO_SUCH_EVIDENCE: {
    meaning: 'That evidence item is not on the card.',
    action: 'Reload the page to see the current card.',
  },
  BAD_ORDER: {
    meaning: 'The new turn order does not list exactly the people in it.',
    action: 'Reload the page and reorder again.',
  },
  TIMER_STATE: {
    meaning: 'The timer is not in a state that allows this (already running, or paused).',
    action: 'Look at the clock and use the button it offers.',
  },
  VOTES_USED: {
    meaning: 'You have used all your votes.',
    action: 'Take a vote back from another action first.',
  },
  FACILITATOR_PRESENT: {
    meaning: 'The facilitator is still here, so the role cannot be claimed.',
    action: 'Ask them to hand you the role.',
  },
  WORKSHOP_ENDED: {
    meaning: 'The workshop has ended; its record is read-only.',
    action: 'Open the summary, or start a new workshop.',
  },
  WORKSHOP_FULL: {
    meaning:
      'This workshop is full: it has as many participants as it may (MAX_PARTICIPANTS, 50 by default).',
    action: 'Ask the facilitator to open another workshop for the others.',
  },
  UNKNOWN_COMMAND: {
    meaning: 'The server does not know this command.',
    action: 'Reload the page to get the current version of the app.',
  },
  RATE_LIMITED: {
    meaning:
      'Too many commands, joins, wrong links or new teams and workshops in a short time (per connection, workshop or network address).',
    action: 'Wait as long as the answer says (HTTP: the Retry-After header) and try again.',
  },
  TOO_MANY_WEBHOOKS: {
    meaning: 'The team already has as many chat webhooks as it may (5).',
    action: 'Remove one on the team page before adding another.',
  },
  UNAVAILABLE: {
    meaning: 'The server’s database is not answering; the room goes on from memory, but this needs it.',
    action: 'Try again in a minute; nothing else is affected.',
  },
  INTERNAL: {
    meaning: 'Something went wrong on the server.',
    action: 'Try again; if it persists, report it with a support bundle.',
  },
};

/** Every WebSocket close code of the Yjs endpoint, for the UI and docs/errors.md. */
export const closeCatalogue: Record<keyof typeof CloseCode, CatalogueEntry> = {
  UNAUTHORIZED: {
    meaning: 'The link is missing, wrong, or not for this workshop. The page does not reconnect.',
    action: 'Ask the facilitator for the join link.',
  },
  READ_ONLY: {
    meaning: 'The connection wrote to a document it may only read (the workshop state).',
    action: 'Reload the page; a modified client is refused for good.',
  },
  MALFORMED: {
    meaning: 'A message could not be decoded.',
    action: 'Reload the page; if it persists, report it with a support bundle.',
  },
  TOO_SLOW: {
    meaning: 'The connection could not keep up with the room.',
    action: 'Nothing: the page reconnects and catches up by itself.',
  },
  TOO_FAST: {
    meaning: 'The connection sent more than its byte budget (1 MiB/s, bursts of 4 MiB).',
    action: 'Reload the page; a runaway client is not let back in automatically.',
  },
  EDIT_REFUSED: {
    meaning:
      'An edit was refused whole (someone else’s note, a shape the app never writes, or a quota); nothing of it was applied.',
    action: 'Reload the page to continue from what everyone sees.',
  },
  TOO_BIG: { meaning: 'A message was larger than 1 MiB.', action: 'Reload the page; write less at once.' },
  RESTARTING: {
    meaning: 'This server process is restarting.',
    action: 'Nothing: the page reconnects at once, to another process.',
  },
  TRY_AGAIN_LATER: {
    meaning: 'The server cannot check your link right now (its database is away).',
    action: 'Nothing: the page retries by itself.',
  },
  LOAD_FAILED: {
    meaning: 'The workshop could not be loaded (a database error).',
    action: 'Nothing: the page retries by itself.',
  },
};

/** The sentence the UI shows for an error code or a close code. */
export function describeError(code: string | number): string {
  const entry =
    typeof code === 'number'
      ? closeCatalogue[
          (Object.entries(CloseCode).find(([, value]) => value === code)?.[0] ?? '') as keyof typeof CloseCode
        ]
      : errorCatalogue[code as ErrorCode];
  return entry ? `${entry.meaning} ${entry.action}` : 'Something went wrong. Reload the page.';
}

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
  'phase:set': z.object({ phase: z.enum(['lobby', 'draw', 'investigate', 'reflect']) }).strict(),
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
  'review:set-status': z
    .object({ actionId: id.max(200), status: z.enum(['open', 'in_progress', 'done', 'dropped']) })
    .strict(),
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

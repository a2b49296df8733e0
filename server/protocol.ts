/**
 * The wire contract shared by the server and the browser: socket.io event maps, zod schemas for every
 * payload, error codes, Yjs document names and WebSocket close codes. No Node or database imports:
 * app/ imports this file, so the two sides cannot drift.
 */
import { z } from 'zod';

/** Stable error codes; the UI shows the message, logs carry the code. */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  INVALID_JSON: 'INVALID_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  NOT_FACILITATOR: 'NOT_FACILITATOR',
  RATE_LIMITED: 'RATE_LIMITED',
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
  scenarios: 100,
  noteChars: 500,
  maxDurationMinutes: 8 * 60,
} as const;

const trimmed = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** An evidence item on the back of a scenario card. */
export const evidenceSchema = z.object({
  kind: z.enum(['alert', 'chat', 'log', 'dashboard', 'text', 'image']),
  label: trimmed(Limits.titleChars),
  body: z.string().max(Limits.evidenceBodyChars),
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

/** Yjs documents of a workshop. Each is a separate y-websocket room under /yjs/. */
export const yjsDocName = {
  /** Collaborative: walls (post-its), written by everyone. */
  room: (workshopId: string) => workshopId,
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
  /** The message was bigger than the limit (ws uses 1009 itself). */
  TOO_BIG: 1009,
  /** The server is shutting down; reconnect. */
  GOING_AWAY: 1001,
} as const;

/** Server time, for clock-offset estimation. */
export interface ClockPong {
  serverNow: number;
}

/** Events the server sends to a socket.io client. */
export interface ServerToClientEvents {
  'session:ready': (session: { participantId: string | null; name: string | null; role: Role }) => void;
}

/** Events a socket.io client sends to the server; every one is acknowledged. */
export interface ClientToServerEvents {
  'clock:ping': (ack: (pong: ClockPong) => void) => void;
}

/** The auth payload of a socket.io connection. */
export const socketAuthSchema = z.object({
  workshopId: z.string().min(1).max(64),
  token: z.string().min(1).max(200),
});

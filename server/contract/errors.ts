/**
 * Error codes, acknowledgements and WebSocket close codes of the wire contract: what the server
 * answers when it refuses, over HTTP, socket.io and the Yjs endpoint alike.
 */

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

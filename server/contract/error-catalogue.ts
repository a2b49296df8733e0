/**
 * The sentences the UI shows for every error code and close code (and docs/errors.md lists, through
 * `npm run docs:errors`).
 */
import { CloseCode, type ErrorCode } from './errors';

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
  UNKNOWN_COMMAND: {
    meaning: 'The server does not know this command.',
    action: 'Reload the page to get the current version of the app.',
  },
  WORKSHOP_FULL: {
    meaning:
      'This workshop is full: it has as many participants as it may (MAX_PARTICIPANTS, 50 by default).',
    action: 'Ask the facilitator to open another workshop for the others.',
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

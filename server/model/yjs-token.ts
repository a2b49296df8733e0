/**
 * How a Yjs connection says who it is: its first message carries the participant token (y-protocols'
 * message type 2, "auth", followed by the token as a string), so the long-lived token never appears
 * in a WebSocket URL, where proxies' access logs would keep it. Shared by the browser, the tests and
 * the server.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols' message type for authentication (y-websocket's `messageAuth`). */
export const MESSAGE_TOKEN = 2;
/** Longest token read; real ones are 43 characters. */
const MAX_TOKEN_LENGTH = 200;

/** The first message of a connection: who it is. */
export function encodeTokenMessage(token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TOKEN);
  encoding.writeVarString(encoder, token.slice(0, MAX_TOKEN_LENGTH + 1));
  return encoding.toUint8Array(encoder);
}

/** The token of a first message, or undefined when the message is anything else. */
export function decodeTokenMessage(message: Uint8Array): string | undefined {
  if (message.byteLength > MAX_TOKEN_LENGTH + 8) return undefined;
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_TOKEN) return undefined;
    const token = decoding.readVarString(decoder);
    return decoding.hasContent(decoder) ? undefined : token;
  } catch {
    return undefined;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's base constructor must take `any[]`.
type SocketClass = new (...args: any[]) => Pick<WebSocket, 'addEventListener' | 'send'>;

/**
 * A WebSocket class (the browser's, or `ws` in Node) whose sockets send `first` the moment they open,
 * before anything the provider sends (its listener is added first, in the constructor).
 */
export function sendingFirst<T extends SocketClass>(Base: T, first: () => Uint8Array): T {
  return class extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: forwarded unchanged to the base constructor.
    constructor(...args: any[]) {
      super(...args);
      this.addEventListener('open', () => this.send(first()));
    }
  } as T;
}

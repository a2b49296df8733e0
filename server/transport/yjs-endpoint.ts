import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Session } from '../access/authenticate';
import { CloseCode, ErrorCode } from '../contract/errors';
import type { Verdict } from '../domain/update-guard';
import type { DocRegistry, LiveDoc } from '../live/doc-registry';
import type { LiveHooks } from '../live/hooks';
import { decodeTokenMessage } from '../model/yjs-token';
import { openYjsConnection } from './yjs-connection';

/** How long a new socket has to send its token. */
const AUTH_TIMEOUT_MS = 10_000;
/** Most messages held while the token is checked (a client sends 2–3 before it hears back). */
const MAX_HELD_MESSAGES = 32;

/** Where a Yjs URL leads and who may write there. */
export interface DocRoute {
  workshopId: string;
  docName: string;
  /** Asked on every incoming write. */
  canWrite: (session: Session) => boolean;
  /**
   * What a refused write does: `close` (4403) for a document no client may ever write, `ignore` for
   * one whose writers change during the workshop (a former scribe's late keystroke is dropped, not
   * punished with a dead connection).
   */
  onRefusedWrite: 'close' | 'ignore';
  /** Checks the content of each update from `session` before it is applied. */
  guard?: (
    session: Session & { participantId: string },
  ) => (live: LiveDoc, update: Uint8Array, isOwnEdit: boolean) => Verdict;
  /** Runs before the connection is served; resolves with what to run when it closes. */
  prepare?: () => Promise<() => void>;
}

/** Dependencies and limits of the Yjs endpoint. */
export interface YjsEndpointOptions {
  registry: DocRegistry;
  log: Logger;
  authenticate: (workshopId: string, token: string | null) => Promise<Session>;
  /** Maps the part of the path after /yjs/ to a document, or undefined for an unknown path. */
  route: (path: string) => DocRoute | undefined;
  /** Largest message accepted; a bigger one closes the connection (1009). Default 1 MiB. */
  maxMessageBytes?: number;
  /** Interval of WebSocket pings; a peer that misses one is dropped. Default 30 s. */
  pingIntervalMs?: number;
  /** Told of every connection refused or closed for cause (`refused`), with its close code and whose it was. */
  hooks?: LiveHooks;
}

/**
 * The /yjs/<workshopId> WebSocket endpoint. The token comes in the connection's first message (never
 * in the URL) and is checked before any document is loaded or any other message read; a refused client
 * gets close code 4401 so the browser can tell the person why instead of retrying forever.
 */
export class YjsEndpoint {
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly options: YjsEndpointOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 1024 * 1024 });
    this.pinger = setInterval(() => this.pingAll(), options.pingIntervalMs ?? 30_000);
    this.pinger.unref();
  }

  /** Number of open Yjs connections. */
  get connections(): number {
    return this.wss.clients.size;
  }

  /** Takes over an HTTP upgrade whose path starts with /yjs/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = this.options.route(safeDecode(url.pathname.slice('/yjs/'.length)));
    socket.on('error', () => socket.destroy());
    this.wss.handleUpgrade(req, socket, head, (ws) => this.admit(ws, route));
  }

  /**
   * A new socket: its first message must carry the token (model/yjs-token.ts); what the client sends
   * meanwhile (its sync step 1, its awareness) is held, within a budget, and handled once it is let in.
   */
  private admit(ws: WebSocket, route: DocRoute | undefined): void {
    const { log, hooks } = this.options;
    ws.binaryType = 'nodebuffer';
    this.alive.add(ws);
    const refuse = (code: number, reason: string, level: 'info' | 'warn' = 'info') => {
      log[level](
        { event: 'yjs.refused', workshopId: route?.workshopId, code, reason },
        'Yjs connection refused',
      );
      hooks?.refused?.('yjs', code, { reason, workshopId: route?.workshopId, docName: route?.docName });
      ws.close(code, reason);
    };
    if (!route) {
      refuse(CloseCode.UNAUTHORIZED, 'unknown document');
      return;
    }
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    let state: 'waiting' | 'checking' | 'closed' = 'waiting';
    let handle: ((message: Uint8Array) => void) | undefined;
    const timer = setTimeout(() => refuse(CloseCode.UNAUTHORIZED, 'no token sent'), AUTH_TIMEOUT_MS);
    timer.unref();
    ws.on('close', () => {
      clearTimeout(timer);
      state = 'closed';
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary || !Buffer.isBuffer(data)) {
        refuse(CloseCode.MALFORMED, 'binary messages only');
        return;
      }
      const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (handle) {
        handle(message);
        return;
      }
      if (state === 'checking') {
        held.push(message);
        heldBytes += message.byteLength;
        if (held.length > MAX_HELD_MESSAGES || heldBytes > (this.options.maxMessageBytes ?? 1024 * 1024))
          refuse(CloseCode.MALFORMED, 'too much sent before being let in');
        return;
      }
      if (state !== 'waiting') return;
      clearTimeout(timer);
      const token = decodeTokenMessage(message);
      if (token === undefined)
        return refuse(CloseCode.UNAUTHORIZED, 'the first message must carry the token');
      state = 'checking';
      this.letIn(ws, route, token, refuse).then((serve) => {
        if (!serve || state === 'closed') return;
        handle = serve;
        for (const early of held.splice(0)) serve(early);
      });
    });
  }

  /** Checks the token and loads the workshop; resolves with the socket's message handler, or undefined when refused. */
  private async letIn(
    ws: WebSocket,
    route: DocRoute,
    token: string,
    refuse: (code: number, reason: string, level?: 'info' | 'warn') => void,
  ): Promise<((message: Uint8Array) => void) | undefined> {
    let session: Session;
    try {
      session = await this.options.authenticate(route.workshopId, token);
    } catch (error) {
      if ((error as { code?: string }).code === ErrorCode.UNAVAILABLE)
        refuse(CloseCode.TRY_AGAIN_LATER, 'cannot check your link right now; retrying', 'warn');
      else refuse(CloseCode.UNAUTHORIZED, 'invalid token');
      return undefined;
    }
    if (!session.participantId) {
      refuse(CloseCode.UNAUTHORIZED, 'join the workshop first');
      return undefined;
    }
    let done: () => void;
    try {
      done = route.prepare ? await route.prepare() : () => {};
    } catch (error) {
      this.options.log.error(
        { event: 'persistence.load_failed', workshopId: route.workshopId, err: error },
        'could not prepare',
      );
      ws.close(CloseCode.LOAD_FAILED, 'could not load the workshop; try again shortly');
      return undefined;
    }
    if (ws.readyState !== ws.OPEN) {
      done();
      return undefined;
    }
    return this.serve(ws, route, { ...session, participantId: session.participantId }, done);
  }

  /** Closes every connection (clients will reconnect to the next server) and stops pinging. */
  close(): void {
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.close(CloseCode.RESTARTING, 'server restarting');
    this.wss.close();
  }

  private serve(
    ws: WebSocket,
    route: DocRoute,
    session: Session & { participantId: string },
    done: () => void,
  ): (message: Uint8Array) => void {
    const { log, registry } = this.options;
    const context = {
      workshopId: route.workshopId,
      participantId: session.participantId,
      docName: route.docName,
    };
    log.debug({ ...context, event: 'yjs.connected', role: session.role }, 'Yjs connection opened');
    const connection = openYjsConnection(ws, {
      docName: route.docName,
      session,
      canWrite: () => route.canWrite(session),
      onRefusedWrite: route.onRefusedWrite,
      guard: route.guard?.(session),
      onClose: (code, reason) => {
        if (code !== CloseCode.RESTARTING) this.options.hooks?.refused?.('yjs', code, { ...context, reason });
      },
      registry,
      log,
    });
    ws.on('pong', () => this.alive.add(ws));
    ws.on('error', (error) =>
      log.warn({ ...context, event: 'yjs.socket_error', err: error }, 'socket error'),
    );
    ws.on('close', (code) => {
      connection.onClose();
      done();
      log.debug({ ...context, event: 'yjs.disconnected', code }, 'Yjs connection closed');
    });
    return (message) => connection.onMessage(message);
  }

  private pingAll(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

/** A path segment decoded, or '' when its percent-encoding is broken (an unknown document then). */
function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}

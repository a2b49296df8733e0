import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Session } from '../access/authenticate';
import { CloseCode, ErrorCode } from '../contract/protocol';
import type { Verdict } from '../domain/update-guard';
import type { DocRegistry, LiveDoc } from '../live/doc-registry';
import type { LiveHooks } from '../live/hooks';
import { openYjsConnection } from './yjs-connection';

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
 * The /yjs/<workshopId> WebSocket endpoint. The token is checked on the upgrade, before any
 * document is loaded or any message read; a refused client gets close code 4401 so the browser can
 * tell the person why instead of retrying forever.
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
    const { log } = this.options;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = this.options.route(safeDecode(url.pathname.slice('/yjs/'.length)));
    const token = url.searchParams.get('token');
    socket.on('error', () => socket.destroy());
    const accept = (then: (ws: WebSocket) => void) =>
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        then(ws);
      });
    const refuse = (reason: string, workshopId?: string) => {
      log.info(
        { event: 'yjs.refused', workshopId, code: CloseCode.UNAUTHORIZED, reason },
        'Yjs connection refused',
      );
      this.options.hooks?.refused?.('yjs', CloseCode.UNAUTHORIZED, {
        reason,
        workshopId,
        docName: route?.docName,
      });
      accept((ws) => ws.close(CloseCode.UNAUTHORIZED, reason));
    };
    if (!route) {
      refuse('unknown document');
      return;
    }
    this.options.authenticate(route.workshopId, token).then(
      (session) => {
        if (!session.participantId) {
          refuse('join the workshop first', route.workshopId);
          return;
        }
        const member = { ...session, participantId: session.participantId };
        (route.prepare ? route.prepare() : Promise.resolve(() => {})).then(
          (done) => accept((ws) => this.serve(ws, route, member, done)),
          (error: unknown) => {
            log.error(
              { event: 'persistence.load_failed', workshopId: route.workshopId, err: error },
              'could not prepare',
            );
            accept((ws) => ws.close(CloseCode.LOAD_FAILED, 'could not load the workshop; try again shortly'));
          },
        );
      },
      (error: unknown) => {
        if ((error as { code?: string }).code === ErrorCode.UNAVAILABLE) {
          log.warn(
            {
              event: 'yjs.refused',
              workshopId: route.workshopId,
              code: CloseCode.TRY_AGAIN_LATER,
              reason: 'database unavailable',
            },
            'try later',
          );
          const reason = 'cannot check your link right now; retrying';
          this.options.hooks?.refused?.('yjs', CloseCode.TRY_AGAIN_LATER, {
            reason,
            workshopId: route.workshopId,
            docName: route.docName,
          });
          accept((ws) => ws.close(CloseCode.TRY_AGAIN_LATER, reason));
          return;
        }
        refuse('invalid token', route.workshopId);
      },
    );
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
  ): void {
    const { log, registry } = this.options;
    const context = {
      workshopId: route.workshopId,
      participantId: session.participantId,
      docName: route.docName,
    };
    log.info({ ...context, event: 'yjs.connected', role: session.role }, 'Yjs connection opened');
    this.alive.add(ws);
    ws.binaryType = 'nodebuffer';
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
    ws.on('message', (data, isBinary) => {
      if (!isBinary || !Buffer.isBuffer(data)) {
        this.options.hooks?.refused?.('yjs', CloseCode.MALFORMED, {
          ...context,
          reason: 'binary messages only',
        });
        ws.close(CloseCode.MALFORMED, 'binary messages only');
        return;
      }
      connection.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    ws.on('error', (error) =>
      log.warn({ ...context, event: 'yjs.socket_error', err: error }, 'socket error'),
    );
    ws.on('close', (code) => {
      connection.onClose();
      done();
      log.info({ ...context, event: 'yjs.disconnected', code }, 'Yjs connection closed');
    });
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

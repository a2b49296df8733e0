import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '../contract/errors';
import type { RequestHandler, UpgradeHandler } from './next-bridge';

/** What the one HTTP server does with each request and upgrade. */
export interface HttpRoutes {
  /** Exact paths answered here (/healthz, /readyz, /metrics). */
  routes: Record<string, RequestHandler>;
  /** Runs first on every request (e.g. stamping the client's address). */
  prepare?: (req: IncomingMessage) => void;
  /** Every other request (the Next app); without it, a JSON 404. */
  fallback?: RequestHandler;
  /**
   * Upgrades by path prefix: a handler, or `'own-listener'` for a library that listens to the
   * server's 'upgrade' event itself (engine.io for /socket.io/).
   */
  upgrades: Record<string, UpgradeHandler | 'own-listener'>;
  /** Any other upgrade (Next's dev hot reload); without it, a 404 and the socket closed. */
  fallbackUpgrade?: UpgradeHandler;
}

const sendError = (res: Parameters<RequestHandler>[1], status: number, code: ErrorCode, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
};

/** Whether every part of a request path decodes, with no NUL character. */
function isDecodablePath(path: string): boolean {
  try {
    return !decodeURIComponent(path).includes('\u0000');
  } catch {
    return false;
  }
}

/** One HTTP server for the app, the realtime endpoints and the operator endpoints, routed by path. */
export function createHttpServer(options: HttpRoutes): Server {
  // A Map, so a path such as /constructor or /__proto__ is never mistaken for a route.
  const routes = new Map(Object.entries(options.routes));
  const upgrades = Object.entries(options.upgrades);
  const server = createServer((req, res) => {
    options.prepare?.(req);
    const path = req.url?.split('?')[0] ?? '/';
    // A path Next cannot decode (broken percent-encoding) or carrying a NUL gets a clear 400, not a 500.
    if (!isDecodablePath(path))
      return sendError(res, 400, ErrorCode.BAD_REQUEST, 'This address is not valid.');
    const route = routes.get(path) ?? options.fallback;
    if (route) return route(req, res);
    sendError(res, 404, ErrorCode.NOT_FOUND, 'Not found');
  });
  server.on('upgrade', (req, socket, head) => {
    const path = req.url ?? '';
    const handler = upgrades.find(([prefix]) => path.startsWith(prefix))?.[1];
    if (handler === 'own-listener') return;
    if (handler) return handler(req, socket, head);
    // Anything else is answered, not left hanging.
    if (options.fallbackUpgrade) return options.fallbackUpgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return server;
}

/** Listens on `port` (0: a free one) and resolves with the port and a URL a client on this machine can use. */
export async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}` };
}

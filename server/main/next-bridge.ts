import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** A handler of ordinary requests. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
/** A handler of WebSocket upgrades. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The Next.js app, as the HTTP server reaches it. */
export interface NextBridge {
  /** Serves every request no other route took: pages, route handlers, assets. */
  handle: RequestHandler;
  /** The dev server's hot-reload socket; undefined in production, where Next has no upgrades of its own. */
  upgrade?: UpgradeHandler;
  close(): Promise<void>;
}

/** How Next is started. */
export interface NextBridgeOptions {
  /** Dev mode (hot reload) instead of the production build. */
  dev: boolean;
  host: string;
  port: number;
}

/** Starts Next.js in this process (the production build, or the dev server) and bridges to it. */
export async function openNextBridge(options: NextBridgeOptions): Promise<NextBridge> {
  const { default: next } = await import('next');
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  // On its first request Next would attach its own 'upgrade' listener to this server for every path
  // (/yjs and /socket.io included). Upgrades are routed by the HTTP server instead, so mark that as
  // done and hand Next only what is not ours: its dev server's hot-reload socket.
  type Upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;
  const internals = app as unknown as { didWebSocketSetup: boolean; upgradeHandler?: Upgrade };
  internals.didWebSocketSetup = true;
  const handle = app.getRequestHandler();
  const upgrade = internals.upgradeHandler ?? app.getUpgradeHandler();
  return {
    handle: (req, res) => void handle(req, res),
    upgrade: options.dev ? (req, socket, head) => void upgrade(req, socket, head) : undefined,
    close: () => app.close(),
  };
}

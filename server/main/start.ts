import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type Database, openDatabase } from '../../db/client';
import { rememberingAuthenticate } from '../access/authenticate';
import { authenticateTeam } from '../access/team-access';
import { type ClusterTopology, openCluster } from '../cluster/open-cluster';
import { CloseCode, ErrorCode } from '../contract/protocol';
import { provideServices } from '../http/services';
import { DocRegistry } from '../live/doc-registry';
import { localTopology } from '../live/local';
import type { Topology } from '../live/ports';
import { WorkshopService } from '../live/workshop-room';
import { openJobQueue } from '../notify/job-queue';
import { Notifier, type NotifyConfig } from '../notify/notifier';
import { LagSampler } from '../ops/lag-sampler';
import { docKindOf, Metrics, mayReadMetrics } from '../ops/metrics';
import { DocumentStore } from '../persistence/document-store';
import { EventLog } from '../persistence/event-log';
import { EventQueries } from '../persistence/event-queries';
import { NotifyRepository } from '../persistence/notify-repository';
import { RecordRepository } from '../persistence/record-repository';
import { TeamRepository } from '../persistence/team-repository';
import { WorkshopRepository } from '../persistence/workshop-repository';
import { docRoutes } from '../transport/doc-routes';
import { socketPresence } from '../transport/presence';
import { createSocketServer, type FiredrillIo } from '../transport/socket-server';
import { serveTeamRooms, teamChangesOver } from '../transport/team-rooms';
import { YjsEndpoint } from '../transport/yjs-endpoint';
import { ConnectionReporter } from '../use-cases/connection-report';

/** Everything the server needs, read from the environment by server/index.ts. */
export interface FiredrillConfig {
  port: number;
  host: string;
  /** Next.js dev mode (hot reload) instead of the production build. */
  dev: boolean;
  databaseUrl?: string;
  dataDir: string;
  publicUrl?: string;
  /** Largest Yjs message accepted, bytes. */
  maxYjsMessageBytes: number;
  /** Largest JSON request body accepted, bytes. */
  maxBodyBytes: number;
  /** How long an idle document stays in memory, ms. */
  docIdleUnloadMs: number;
  /** Batch window of the Yjs update writer, ms. */
  persistBatchMs: number;
  /** How long the facilitator must be gone before a participant may claim the role, ms. */
  facilitatorClaimAfterMs: number;
  log: Logger;
  /**
   * Redis URL: when set, this process serves the same workshops as every other process with the same
   * Redis and PostgreSQL (and refuses to start on PGlite). Unset: one process, no Redis.
   */
  redisUrl?: string;
  /** Prefix of Redis keys and channels, so deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** This process's name in logs, the bus and /readyz. */
  processId: string;
  /**
   * Bearer token /metrics asks for; unset, /metrics is open (keep the port private then). It also
   * opens any workshop's support bundle, for an operator; unset, only the facilitator can.
   */
  metricsToken?: string;
  /** How often each live workshop's persistence lag is recorded in its event log, ms. Default 60 s. */
  lagSampleMs?: number;
  /** Serve the Next.js app; false serves only the API-less realtime endpoints (benchmarks). */
  withNext: boolean;
  /** Chat webhooks: scan period, retries, outbound limits (WEBHOOK_* and NOTIFY_* variables). */
  notify: NotifyConfig & {
    /** How often each process asks the job queue for work, s. Default 2. */
    pollSeconds: number;
  };
}

/** A running Firedrill server. */
export interface Firedrill {
  url: string;
  port: number;
  httpServer: Server;
  io: FiredrillIo;
  registry: DocRegistry;
  store: DocumentStore;
  database: Database;
  /** How this process runs: alone, or beside others over Redis. */
  topology: Topology | ClusterTopology;
  /** Graceful stop: refuse new work, write what is queued, compact documents, close the database. */
  stop(): Promise<void>;
}

/** Wires database, persistence, realtime endpoints and Next.js onto one HTTP server and listens. */
export async function startFiredrill(config: FiredrillConfig): Promise<Firedrill> {
  const log = config.log.child({ processId: config.processId });
  if (config.redisUrl && !config.databaseUrl) {
    throw new Error(
      'REDIS_URL is set but DATABASE_URL is not: several processes need a shared PostgreSQL (embedded PGlite serves one process only).',
    );
  }
  // The one place the mode is chosen: alone, or beside other processes over Redis.
  const topology: Topology | ClusterTopology = config.redisUrl
    ? await openCluster({
        redisUrl: config.redisUrl,
        prefix: config.redisPrefix,
        processId: config.processId,
        log,
        storage: () => ({ db: database.db, store }),
      })
    : localTopology();
  let database: Database;
  try {
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    await topology.close();
    throw error;
  }
  const workshops = new WorkshopRepository(database.db);
  const eventLog = new EventLog(database.db, log);
  void eventLog.pruneOld();
  const lagSampler = new LagSampler(eventLog, config.lagSampleMs);
  let io: FiredrillIo | undefined;
  let yjs: YjsEndpoint | undefined;
  const metrics = new Metrics(config.processId, {
    connections: () => ({ yjs: yjs?.connections ?? 0, socketio: io?.engine.clientsCount ?? 0 }),
    documentsLoaded: () => registry.size,
    workshopsLive: () => new Set(registry.names().map((name) => name.split('/')[0])).size,
    persistQueueDepth: () => store.backlog,
  });
  const store = new DocumentStore(database.db, log, {
    batchDelayMs: config.persistBatchMs,
    observeLag: (seconds, docName) => {
      metrics.persistLag.observe(seconds);
      lagSampler.observe(docName, seconds);
    },
  });
  const registry = new DocRegistry(store, log, {
    idleUnloadMs: config.docIdleUnloadMs,
    sync: topology.sync,
    onAccepted: (docName) => metrics.yjsUpdates.inc({ doc: docKindOf(docName) }),
  });
  const auth = rememberingAuthenticate(workshops);

  const records = new RecordRepository(database.db);
  const teams = new TeamRepository(database.db);
  const presence = socketPresence(() => io!, log);
  const teamChanges = teamChangesOver(() => io, log);
  const eventQueries = new EventQueries(database.db);
  const connections = new ConnectionReporter({
    presence,
    events: eventQueries,
    workshops,
    multiProcess: topology.multiProcess,
  });
  const service = new WorkshopService({
    registry,
    workshops,
    teams,
    records,
    log,
    presence,
    teamChanges,
    sequencer: topology.sequencer(registry),
    claimAfterMs: config.facilitatorClaimAfterMs,
    onEnded: (workshopId) => notifier.workshopEnded(workshopId),
  });
  const notify = new NotifyRepository(database.db);
  const notifier = new Notifier({
    ...config.notify,
    boss: await openJobQueue(database, log, config.notify.pollSeconds),
    repo: notify,
    teams,
    summary: (workshopId) => service.summary(workshopId),
    log,
  });
  await notifier.start();
  provideServices({
    database,
    workshops,
    teams,
    teamChanges,
    service,
    log,
    publicUrl: config.publicUrl,
    maxBodyBytes: config.maxBodyBytes,
    maxImportBytes: 32 * 1024 * 1024,
    events: eventQueries,
    connections,
    metricsToken: config.metricsToken,
    processId: config.processId,
    notify,
    notifier,
    allowPrivateWebhooks: config.notify.post.allowPrivate,
  });
  const closeReasons = new Map<number, string>(
    Object.entries(CloseCode).map(([reason, code]) => [code as number, reason.toLowerCase()]),
  );
  const endpoint = new YjsEndpoint({
    registry,
    log,
    authenticate: auth,
    route: docRoutes(service),
    maxMessageBytes: config.maxYjsMessageBytes,
    onRefused: (code, { workshopId, participantId, docName, reason }) => {
      metrics.refused.inc({ reason: `yjs_${closeReasons.get(code) ?? 'error'}`, code: String(code) });
      if (workshopId)
        eventLog.record({
          workshopId,
          participantId,
          event: 'yjs.refused',
          detail: { code, reason, doc: docName ? docKindOf(docName) : null },
        });
    },
  });
  yjs = endpoint;

  let nextHandler:
    | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown)
    | undefined;
  let nextUpgrade:
    | ((
        req: import('node:http').IncomingMessage,
        socket: import('node:stream').Duplex,
        head: Buffer,
      ) => unknown)
    | undefined;
  let closeNext: (() => Promise<void>) | undefined;
  if (config.withNext) {
    const { default: next } = await import('next');
    const app = next({ dev: config.dev, dir: process.cwd(), hostname: config.host, port: config.port });
    await app.prepare();
    // On its first request Next would attach its own 'upgrade' listener to this server for every
    // path (/yjs and /socket.io included). Upgrades are routed here instead, so mark that as done
    // and hand Next only what is not ours: its dev server's hot-reload socket.
    const internals = app as unknown as { didWebSocketSetup: boolean; upgradeHandler?: typeof nextUpgrade };
    internals.didWebSocketSetup = true;
    nextHandler = app.getRequestHandler();
    nextUpgrade = internals.upgradeHandler ?? app.getUpgradeHandler();
    closeNext = () => app.close();
  }

  let draining = false;
  const health = () => healthz(database, topology, config.processId);
  const httpServer = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    // A path Next cannot decode (broken percent-encoding) or carrying a NUL gets a clear 400, not a 500.
    if (!isDecodablePath(path ?? '/')) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: ErrorCode.BAD_REQUEST, message: 'This address is not valid.' } }),
      );
      return;
    }
    if (path === '/metrics') {
      if (!mayReadMetrics(config.metricsToken, req.headers.authorization)) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        res.end(
          JSON.stringify({
            error: { code: ErrorCode.UNAUTHORIZED, message: 'This needs the metrics token.' },
          }),
        );
        return;
      }
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
        res.end(text);
      });
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      void health().then(({ status, body }) => {
        let code = status;
        let answer: unknown = body;
        if (path === '/readyz') {
          const reason = draining ? 'draining' : status === 200 ? undefined : 'dependencies';
          code = reason ? 503 : 200;
          answer = reason
            ? { ...body, status: 'not ready', reason, processId: config.processId }
            : { ...body, status: 'ready' };
        }
        res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(answer));
      });
      return;
    }
    if (nextHandler) {
      void nextHandler(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: ErrorCode.NOT_FOUND, message: 'Not found' } }));
  });
  const commandsPerSecond = 10;
  io = createSocketServer(httpServer, {
    log,
    authenticate: auth,
    workshops: service,
    commandsPerSecond,
    limiter: topology.limiter?.(commandsPerSecond * 2, 2),
    onCommand: (command, result, seconds) => {
      metrics.commands.inc({ command, result });
      metrics.commandDuration.observe({ command }, seconds);
      if (result !== 'ok') metrics.refused.inc({ reason: 'command', code: result });
    },
    onRefused: (code) => metrics.refused.inc({ reason: 'socket_handshake', code }),
    processId: config.processId,
    events: eventLog,
    connections,
  });
  if (topology.adapter) io.adapter(topology.adapter);
  serveTeamRooms(io, {
    log,
    authenticate: (teamId, token) => authenticateTeam(teams, teamId, token),
    onRefused: (code) => metrics.refused.inc({ reason: 'team_socket_handshake', code }),
  });
  const sockets = io;

  httpServer.on('upgrade', (req, socket, head) => {
    const path = req.url ?? '';
    if (path.startsWith('/socket.io/')) return; // engine.io's own upgrade listener takes it
    if (path.startsWith('/yjs/')) {
      endpoint.handleUpgrade(req, socket, head);
      return;
    }
    // Only the dev server has upgrades of its own (hot reload); anything else is answered, not left hanging.
    if (nextUpgrade && config.dev) {
      void nextUpgrade(req, socket, head);
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.info(
    {
      event: 'server.started',
      port,
      host: config.host,
      database: database.driver,
      redis: topology.multiProcess,
      dev: config.dev,
    },
    `Firedrill listening on ${url}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info({ event: 'server.stopping' }, 'stopping');
      // Draining: /readyz answers 503 and the listener closes, so the load balancer sends new
      // connections elsewhere; then every client is told to reconnect now (to another process).
      draining = true;
      httpServer.close();
      endpoint.close();
      // io.close() drops the transports without a "server disconnect" packet, so clients treat it
      // as a network loss and reconnect to the next server by themselves.
      await new Promise<void>((resolve) => {
        sockets.close(() => resolve());
        httpServer.closeAllConnections();
      });
      // Running deliveries finish (each within its timeout); queued ones wait in the database.
      await notifier.stop();
      await registry.unloadAll();
      await store.close();
      // Last: the leaves of the closed sockets and the final lag samples (best effort, bounded wait).
      lagSampler.stop();
      await eventLog.close();
      await closeNext?.();
      await topology.close();
      await database.close();
      provideServices(undefined);
      log.info({ event: 'server.stopped' }, 'stopped');
    })();
    return stopping;
  };

  return { url, port, httpServer, io: sockets, registry, store, database, topology, stop };
}

async function healthz(
  database: Database,
  topology: Pick<Topology, 'isHealthy'>,
  processId: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { pingDatabase } = await import('../../db/client');
  const redisOk = topology.isHealthy?.() ?? true;
  const redis = topology.isHealthy ? { redis: { ok: redisOk } } : {};
  try {
    const latencyMs = await pingDatabase(database.db);
    return {
      status: redisOk ? 200 : 503,
      body: {
        status: redisOk ? 'ok' : 'degraded',
        processId,
        database: { driver: database.driver, ok: true, latencyMs },
        ...redis,
      },
    };
  } catch (error) {
    return {
      status: 503,
      body: {
        status: 'degraded',
        processId,
        database: { driver: database.driver, ok: false, error: (error as Error).message },
        ...redis,
      },
    };
  }
}

/** Whether every part of a request path decodes, with no NUL character. */
function isDecodablePath(path: string): boolean {
  try {
    return !decodeURIComponent(path).includes('\u0000');
  } catch {
    return false;
  }
}

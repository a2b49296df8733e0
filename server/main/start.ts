import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { type Database, openDatabase, pingDatabase } from '../../db/client';
import { rememberingAuthenticate } from '../access/authenticate';
import { limitsOver, memoryLimiter, parseLimitOverrides } from '../access/limits';
import { authenticateTeam } from '../access/team-access';
import { type ClusterTopology, openCluster } from '../cluster/open-cluster';
import type { FiredrillConfig } from '../config';
import { parseTrustedProxies, stampClientAddress } from '../http/client-address';
import { provideServices } from '../http/services';
import { DocRegistry } from '../live/doc-registry';
import { composeHooks } from '../live/hooks';
import { localTopology } from '../live/local';
import type { Topology } from '../live/ports';
import { WorkshopService } from '../live/workshop-room';
import { openJobQueue } from '../notify/job-queue';
import { Notifier } from '../notify/notifier';
import { opsEndpoints } from '../ops/health';
import { eventLogHooks, gaugeSources, metricsHooks } from '../ops/instrumentation';
import { LagSampler } from '../ops/lag-sampler';
import { Metrics } from '../ops/metrics';
import { DocumentStore } from '../persistence/document-store';
import { EventLog } from '../persistence/event-log';
import { EventQueries } from '../persistence/event-queries';
import { NotifyRepository } from '../persistence/notify-repository';
import { RecordRepository } from '../persistence/record-repository';
import { SurveyRepository } from '../persistence/survey-repository';
import { TeamRepository } from '../persistence/team-repository';
import { WorkshopRepository } from '../persistence/workshop-repository';
import { docRoutes } from '../transport/doc-routes';
import { socketPresence } from '../transport/presence';
import { createSocketServer, type FiredrillIo } from '../transport/socket-server';
import { serveTeamRooms, teamChangesOver } from '../transport/team-rooms';
import { YjsEndpoint } from '../transport/yjs-endpoint';
import { ConnectionReporter } from '../use-cases/connection-report';
import { closeSurveyMonths, type SurveyDeps } from '../use-cases/survey';
import { createHttpServer, listen } from './http-server';
import { openNextBridge } from './next-bridge';
import { firedrillShutdown } from './shutdown';
import { loadSurveyKey } from './survey-key';

/** How this process starts beside its configuration. */
export interface StartOptions {
  log: Logger;
  /** Serve the Next.js app; false serves only the realtime endpoints and /healthz, /readyz, /metrics. */
  withNext: boolean;
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

/**
 * Wires database, persistence, the live core, its observers (metrics, event log), the realtime
 * endpoints and Next.js onto one HTTP server and listens. Nothing here decides anything: each part
 * lives in its own module.
 */
export async function startFiredrill(config: FiredrillConfig, options: StartOptions): Promise<Firedrill> {
  const log = options.log.child({ processId: config.processId });
  // Before anything opens: a key that cannot be read stops the start.
  const sealKey = loadSurveyKey({
    ...config.surveySeal,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  const trustedProxies = parseTrustedProxies(config.trustedProxies);
  const budgets = parseLimitOverrides(config.rateLimits);
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
  const metrics = new Metrics(config.processId);
  const hooks = composeHooks(metricsHooks(metrics), eventLogHooks(eventLog, lagSampler));
  let io: FiredrillIo | undefined;
  const store = new DocumentStore(database.db, log, {
    batchDelayMs: config.persistBatchMs,
    observeLag: (seconds, docName) => hooks.persisted(docName, seconds),
  });
  const registry = new DocRegistry(store, log, {
    idleUnloadMs: config.docIdleUnloadMs,
    sync: topology.sync,
    hooks,
  });
  const auth = rememberingAuthenticate(workshops);
  const limits = limitsOver(
    budgets,
    topology.limiter
      ? (name, { points, seconds }) => topology.limiter!(`limits:${name}`, points, seconds)
      : memoryLimiter,
  );

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
  const survey: SurveyDeps = {
    surveys: new SurveyRepository(database.db),
    sealKey,
    changes: teamChanges,
    log,
  };
  const notify = new NotifyRepository(database.db);
  const notifier = new Notifier({
    ...config.notify,
    boss: await openJobQueue(database, log, config.notify.pollSeconds),
    repo: notify,
    teams,
    summary: (workshopId) => service.summary(workshopId),
    closeSurveys: (teamId, now) => closeSurveyMonths(survey, teamId, now),
    log,
  });
  await notifier.start();
  provideServices({
    database,
    workshops,
    teams,
    teamChanges,
    survey,
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
    limits,
    maxParticipants: config.maxParticipants,
  });
  const endpoint = new YjsEndpoint({
    registry,
    log,
    authenticate: auth,
    route: docRoutes(service),
    maxMessageBytes: config.maxYjsMessageBytes,
    hooks,
  });
  const next = options.withNext
    ? await openNextBridge({ dev: config.dev, host: config.host, port: config.port })
    : undefined;

  let draining = false;
  const httpServer = createHttpServer({
    prepare: (req) => stampClientAddress(req, trustedProxies),
    routes: opsEndpoints({
      database: { driver: database.driver, ping: () => pingDatabase(database.db) },
      redis: topology.isHealthy ? { isHealthy: topology.isHealthy } : undefined,
      processId: config.processId,
      metrics,
      metricsToken: config.metricsToken,
      isDraining: () => draining,
    }),
    fallback: next?.handle,
    upgrades: {
      '/socket.io/': 'own-listener',
      '/yjs/': (req, socket, head) => endpoint.handleUpgrade(req, socket, head),
    },
    fallbackUpgrade: next?.upgrade,
  });
  const commandsPerSecond = 10;
  io = createSocketServer(httpServer, {
    log,
    authenticate: auth,
    workshops: service,
    commandsPerSecond,
    limiter: topology.limiter?.('commands', commandsPerSecond * 2, 2),
    hooks,
    processId: config.processId,
    events: eventLog,
    connections,
  });
  if (topology.adapter) io.adapter(topology.adapter);
  serveTeamRooms(io, {
    log,
    authenticate: (teamId, token) => authenticateTeam(teams, teamId, token),
    hooks,
  });
  const sockets = io;
  metrics.measure(gaugeSources({ yjs: endpoint, io: sockets, registry, store }));

  const { port, url } = await listen(httpServer, config.port, config.host);
  const started = { port, host: config.host, database: database.driver, dev: config.dev };
  log.info(
    { event: 'server.started', ...started, redis: topology.multiProcess },
    `Firedrill listening on ${url}`,
  );

  const stop = firedrillShutdown(log, {
    drain: () => {
      draining = true;
    },
    httpServer,
    yjs: endpoint,
    io: sockets,
    notifier,
    registry,
    store,
    lagSampler,
    eventLog,
    next,
    redis: topology,
    database,
    forgetServices: () => provideServices(undefined),
  });
  return { url, port, httpServer, io: sockets, registry, store, database, topology, stop };
}

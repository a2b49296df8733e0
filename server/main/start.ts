import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { type Database, openDatabase, pingDatabase } from '../../db/client';
import type { Session } from '../access/authenticate';
import { rememberingAuthenticate } from '../access/authenticate';
import { limitsOver, memoryLimiter, parseLimitOverrides } from '../access/limits';
import { authenticateTeam } from '../access/team-access';
import { redisLimiter } from '../cluster/limits';
import { RowLockStateWriter } from '../cluster/row-lock-sequencer';
import { openScaleOut, type ScaleOut } from '../cluster/scale-out';
import type { FiredrillConfig } from '../config';
import { parseDocName } from '../contract/doc-names';
import { checkUpdate, type GuardedDoc } from '../domain/update-guard';
import { parseTrustedProxies, stampClientAddress } from '../http/client-address';
import { provideServices } from '../http/services';
import { DocRegistry, type LiveDoc } from '../live/doc-registry';
import { composeHooks } from '../live/hooks';
import { WorkshopService } from '../live/workshop-room';
import { canWriteLog, type WorkshopState } from '../model/state';
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
import { socketPresence } from '../transport/presence';
import { createSocketServer, type FiredrillIo } from '../transport/socket-server';
import { serveTeamRooms, teamChangesOver } from '../transport/team-rooms';
import { type DocRoute, YjsEndpoint } from '../transport/yjs-endpoint';
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
  /** Redis connections when several processes serve the workshops. */
  scaleOut?: ScaleOut;
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
  const scaleOut = config.redisUrl
    ? await openScaleOut({
        redisUrl: config.redisUrl,
        prefix: config.redisPrefix,
        processId: config.processId,
        log,
      })
    : undefined;
  let database: Database;
  try {
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    await scaleOut?.close();
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
    bus: scaleOut?.bus,
    hooks,
  });
  const auth = rememberingAuthenticate(workshops);
  const limits = limitsOver(
    budgets,
    scaleOut ? redisLimiter(scaleOut.redis, config.redisPrefix) : memoryLimiter,
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
    multiProcess: Boolean(scaleOut),
  });
  const service = new WorkshopService({
    registry,
    workshops,
    teams,
    records,
    log,
    presence,
    teamChanges,
    stateWriter: scaleOut ? new RowLockStateWriter(database.db, store, registry) : undefined,
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
  const route = (path: string): DocRoute | undefined => {
    const address = parseDocName(path);
    if (!address) return undefined;
    const { workshopId, kind } = address;
    const state = () => service.peekState(workshopId);
    const prepare = () => service.holdState(workshopId);
    // Who the sender is right now (the facilitator role and the scribe move during a workshop).
    const guard =
      (kind: GuardedDoc) =>
      (session: Session & { participantId: string }) =>
      (live: LiveDoc, update: Uint8Array, isOwnEdit: boolean) => {
        const current: WorkshopState | undefined = state();
        return checkUpdate(
          live.doc,
          kind,
          update,
          {
            id: session.participantId,
            name: session.name ?? '',
            isFacilitator: current?.facilitatorId === session.participantId,
            isScribe: current?.scribeId === session.participantId,
          },
          live.bytes,
          live.clientOwners,
          isOwnEdit,
        );
      };
    switch (kind) {
      case 'walls':
        return {
          workshopId,
          docName: path,
          canWrite: () => state()?.phase !== 'ended',
          onRefusedWrite: 'ignore',
          guard: guard('walls'),
          prepare,
        };
      case 'log':
        return {
          workshopId,
          docName: path,
          canWrite: (session) => {
            const current = state();
            return (
              current !== undefined &&
              session.participantId !== null &&
              canWriteLog(current, session.participantId)
            );
          },
          onRefusedWrite: 'ignore',
          guard: guard('log'),
          prepare,
        };
      case 'state':
        return {
          workshopId,
          docName: path,
          canWrite: () => false,
          onRefusedWrite: 'close',
          prepare,
        };
    }
  };
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
    route,
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
      redis: scaleOut,
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
    limiter: scaleOut?.limiter(commandsPerSecond * 2, 2),
    hooks,
    processId: config.processId,
    events: eventLog,
    connections,
  });
  if (scaleOut) io.adapter(scaleOut.adapter);
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
    { event: 'server.started', ...started, redis: Boolean(scaleOut) },
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
    redis: scaleOut,
    database,
    forgetServices: () => provideServices(undefined),
  });
  return { url, port, httpServer, io: sockets, registry, store, database, scaleOut, stop };
}

import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import type { Limits } from '../access/limits';
import type { TeamChanges } from '../live/ports';
import type { WorkshopService } from '../live/workshop-room';
import type { Notifier } from '../notify/notifier';
import type { EventQueries } from '../persistence/event-queries';
import type { NotifyRepository } from '../persistence/notify-repository';
import type { TeamRepository } from '../persistence/team-repository';
import type { WorkshopRepository } from '../persistence/workshop-repository';
import type { ConnectionReporter } from '../use-cases/connection-report';
import type { SurveyDeps } from '../use-cases/survey';

/** What the Next.js route handlers need from the running server. */
export interface Services {
  database: Database;
  workshops: WorkshopRepository;
  teams: TeamRepository;
  /** Tells the team's open pages what changed after a team mutation. */
  teamChanges: TeamChanges;
  /** The survey's receipts, sealed ballots and close. */
  survey: SurveyDeps;
  service: WorkshopService;
  log: Logger;
  /** Public origin for links (PUBLIC_URL), or undefined to use the request's own origin. */
  publicUrl?: string;
  /** Largest accepted JSON body in bytes. */
  maxBodyBytes: number;
  /** Largest library import in bytes (images embedded). */
  maxImportBytes: number;
  /** Reads of the workshops' event logs (the support bundle). */
  events: EventQueries;
  /** Who is connected to a workshop and how (the support bundle's copy of the connection panel). */
  connections: ConnectionReporter;
  /** METRICS_TOKEN: also opens any workshop's support bundle, for an operator. Unset: only facilitators. */
  metricsToken?: string;
  /** This process's name (PROCESS_ID), stamped on support bundles. */
  processId: string;
  /** Webhooks, announcements, kept join links and calendar secrets. */
  notify: NotifyRepository;
  /** Chat announcements (the test message, join links of new workshops). */
  notifier: Notifier;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may point at loopback and private addresses (tests only). */
  allowPrivateWebhooks: boolean;
  /** Rate limits of joins, wrong tokens and creations (in Redis when several processes run). */
  limits: Limits;
  /** MAX_PARTICIPANTS: the most participants a workshop admits (default 50). */
  maxParticipants: number;
}

const KEY = Symbol.for('firedrill.services');
type Holder = { [KEY]?: Services };

/**
 * Hands the composition root's services to the route handlers. Next bundles app/ separately from
 * server/, so a module-level value would exist twice (and PGlite must be opened exactly once per
 * process): one well-known global slot, written once by server/index.ts, is the bridge.
 */
export function provideServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

/** The running server's services; throws if the app is served without server/index.ts. */
export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) throw new Error('Firedrill services are not available: start the app with server/index.ts');
  return services;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../access/app-error';
import { authenticate } from '../access/authenticate';
import type { ConnectionsReport } from '../contract/commands';
import { ErrorCode } from '../contract/errors';
import type { ParticipantRole } from '../contract/vocabulary';
import type { WorkshopService } from '../live/workshop-room';
import type { WorkshopState } from '../model/state';
import type { EventQueries, StoredEvent } from '../persistence/event-queries';
import type { WorkshopRepository } from '../persistence/workshop-repository';
import type { ConnectionReporter } from './connection-report';

/** What a support bundle is made from. */
export interface SupportBundleSources {
  workshops: WorkshopRepository;
  service: WorkshopService;
  events: EventQueries;
  connections: ConnectionReporter;
  /** METRICS_TOKEN; when set, it opens any workshop's bundle (an operator's). */
  metricsToken?: string;
  processId: string;
  now?: () => number;
}

/**
 * One JSON file to attach to a bug report: the workshop's shape, who is in it and how they are
 * connected, and its recent events. Built from ids, names, counts and codes only: no token or token
 * hash, no card, note, step or action text, no survey data.
 */
export interface SupportBundle {
  kind: 'firedrill-support-bundle';
  version: 1;
  generatedAt: string;
  generatedBy: 'facilitator' | 'operator';
  /** The process that built it (the events name the processes that recorded them). */
  processId: string;
  excludes: string;
  workshop: {
    id: string;
    title: string;
    phase: string;
    createdAt: string;
    endedAt: string | null;
    teamId: string | null;
  };
  state: {
    phase: string;
    facilitatorId: string;
    facilitatorAwaySince: number | null;
    scribeId: string | null;
    cardsInHat: number;
    cardsHeld: number;
    turns: number;
    currentTurnId: string | null;
    timer: WorkshopState['timer'];
  } | null;
  counts: { participants: number; scenarios: number; online: number; events: number };
  participants: { id: string; name: string; role: ParticipantRole; facilitatorNow: boolean }[];
  connections: ConnectionsReport;
  events: StoredEvent[];
}

/** Whether `token` is the operator's METRICS_TOKEN (never true when none is configured). */
function isOperator(metricsToken: string | undefined, token: string | null): boolean {
  if (!metricsToken || !token) return false;
  // Hashed first so the compare is timing-safe whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(token), digest(metricsToken));
}

/**
 * The support bundle of a workshop for the facilitator now (the role can be handed over) or an
 * operator holding METRICS_TOKEN. 401 for anything else that is not a token of the workshop, 403 for
 * the workshop's other tokens.
 */
export async function buildSupportBundle(
  sources: SupportBundleSources,
  workshopId: string,
  token: string | null,
): Promise<{ bundle: SupportBundle; fileName: string }> {
  const { workshops, service, events, connections } = sources;
  const operator = isOperator(sources.metricsToken, token);
  const session = operator ? undefined : await authenticate(workshops, workshopId, token);
  const workshop = await workshops.findWorkshop(workshopId);
  if (!workshop) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such workshop.');
  const release = await service.holdState(workshopId);
  let state: WorkshopState | undefined;
  try {
    state = service.peekState(workshopId);
  } finally {
    release();
  }
  if (session && (!session.participantId || session.participantId !== state?.facilitatorId))
    throw new AppError(ErrorCode.NOT_FACILITATOR, 'Only the facilitator can download the support bundle.');

  const [people, cards, report, recent] = await Promise.all([
    workshops.listParticipants(workshopId),
    workshops.listScenarios(workshopId),
    connections.report(workshopId),
    events.recent(workshopId),
  ]);
  const now = new Date((sources.now ?? Date.now)());
  const bundle: SupportBundle = {
    kind: 'firedrill-support-bundle',
    version: 1,
    generatedAt: now.toISOString(),
    generatedBy: operator ? 'operator' : 'facilitator',
    processId: sources.processId,
    excludes: 'tokens and token hashes, card and evidence text, post-its, scribe steps, actions, survey data',
    workshop: {
      id: workshop.id,
      title: workshop.title,
      phase: state?.phase ?? workshop.phase,
      createdAt: workshop.createdAt.toISOString(),
      endedAt: workshop.endedAt?.toISOString() ?? null,
      teamId: workshop.teamId,
    },
    state: state
      ? {
          phase: state.phase,
          facilitatorId: state.facilitatorId,
          facilitatorAwaySince: state.facilitatorAwaySince,
          scribeId: state.scribeId,
          cardsInHat: state.hat.length,
          cardsHeld: state.draws.length,
          turns: state.turns.length,
          currentTurnId: state.currentTurnId,
          timer: state.timer,
        }
      : null,
    counts: {
      participants: people.length,
      scenarios: cards.length,
      online: report.rows.filter((row) => row.online).length,
      events: recent.length,
    },
    participants: people.map(({ id, name, role }) => ({
      id,
      name,
      role,
      facilitatorNow: id === state?.facilitatorId,
    })),
    connections: report,
    events: recent,
  };
  return { bundle, fileName: `firedrill-support-${workshop.id}-${now.toISOString().slice(0, 10)}.json` };
}

import { parseDocName } from '../contract/doc-names';
import { CloseCode } from '../contract/errors';
import type { EventRecorder, LiveHooks } from '../live/hooks';
import { docKindOf, type Metrics, type MetricsSources } from './metrics';

/** Close code → the `reason` label of a Yjs refusal (`yjs_unauthorized`, `yjs_edit_refused`, …). */
const closeReasons = new Map<number, string>(
  Object.entries(CloseCode).map(([reason, code]) => [code as number, reason.toLowerCase()]),
);

/** The Prometheus side of the live core's hooks: counters and histograms of what happened. */
export function metricsHooks(metrics: Metrics): LiveHooks {
  return {
    updateAccepted: (docName) => metrics.yjsUpdates.inc({ doc: docKindOf(docName) }),
    commandRun: (command, result, seconds) => {
      metrics.commands.inc({ command, result });
      metrics.commandDuration.observe({ command }, seconds);
      if (result !== 'ok') metrics.refused.inc({ reason: 'command', code: result });
    },
    refused: (edge, code) => {
      const reason = edge === 'yjs' ? `yjs_${closeReasons.get(Number(code)) ?? 'error'}` : edge;
      metrics.refused.inc({ reason, code: String(code) });
    },
    persisted: (_docName, lagSeconds) => metrics.persistLag.observe(lagSeconds),
  };
}

/** Where persistence lag goes to be summarised per workshop (the LagSampler). */
interface LagObserver {
  observe(docName: string, seconds: number): void;
}

/**
 * The workshop event log's side of the hooks: Yjs refusals of a known workshop (so a support bundle
 * shows why someone's edits bounced) and the persistence lag, sampled per workshop.
 */
export function eventLogHooks(events: EventRecorder, lag: LagObserver): LiveHooks {
  return {
    refused: (edge, code, refusal) => {
      if (edge !== 'yjs' || !refusal?.workshopId) return;
      const { workshopId, participantId, docName, reason } = refusal;
      events.record({
        workshopId,
        participantId,
        event: 'yjs.refused',
        detail: { code, reason, doc: docName ? docKindOf(docName) : null },
      });
    },
    persisted: (docName, lagSeconds) => lag.observe(docName, lagSeconds),
  };
}

/** The running parts the gauges read at scrape time (only what each gauge needs). */
export interface MeasuredParts {
  yjs: { connections: number };
  io: { engine: { clientsCount: number } };
  registry: { size: number; names(): string[] };
  store: { backlog: number };
}

/** Gauge readings over the running parts: connections, loaded documents, live workshops, write queue. */
export function gaugeSources({ yjs, io, registry, store }: MeasuredParts): MetricsSources {
  return {
    connections: () => ({ yjs: yjs.connections, socketio: io.engine.clientsCount }),
    documentsLoaded: () => registry.size,
    workshopsLive: () => new Set(registry.names().map((name) => parseDocName(name)?.workshopId)).size,
    persistQueueDepth: () => store.backlog,
  };
}

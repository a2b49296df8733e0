import { timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { parseDocName } from '../contract/doc-names';
import type { DocKind } from '../contract/vocabulary';

/** What the gauges read when Prometheus scrapes. */
export interface MetricsSources {
  connections: () => { yjs: number; socketio: number };
  documentsLoaded: () => number;
  workshopsLive: () => number;
  persistQueueDepth: () => number;
}

/** The kind of a document from its name, as the `doc` label names it. */
export function docKindOf(docName: string): DocKind {
  return parseDocName(docName)?.kind ?? 'walls';
}

/**
 * Firedrill's Prometheus metrics, one registry per process (prom-client's default Node metrics
 * included). Every series carries `process` (PROCESS_ID), so a Prometheus scraping several processes
 * can sum them; no label ever holds a workshop id or a name.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly yjsUpdates: Counter<'doc'>;
  readonly persistLag: Histogram;
  readonly refused: Counter<'reason' | 'code'>;
  readonly commands: Counter<'command' | 'result'>;
  readonly commandDuration: Histogram<'command'>;

  /** What the gauges read; zero until `measure` names the running parts. */
  private sources: MetricsSources = {
    connections: () => ({ yjs: 0, socketio: 0 }),
    documentsLoaded: () => 0,
    workshopsLive: () => 0,
    persistQueueDepth: () => 0,
  };

  constructor(processId: string) {
    const registers = [this.registry];
    // Gauges are read at scrape time, so the parts they read may be named after construction.
    const sources = () => this.sources;
    this.registry.setDefaultLabels({ process: processId });
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'firedrill_connections',
      help: 'Open client connections, by transport.',
      labelNames: ['transport'],
      registers,
      collect() {
        const { yjs, socketio } = sources().connections();
        this.set({ transport: 'yjs' }, yjs);
        this.set({ transport: 'socketio' }, socketio);
      },
    });
    new Gauge({
      name: 'firedrill_documents_loaded',
      help: 'Yjs documents held in memory.',
      registers,
      collect() {
        this.set(sources().documentsLoaded());
      },
    });
    new Gauge({
      name: 'firedrill_workshops_live',
      help: 'Workshops with at least one document in memory.',
      registers,
      collect() {
        this.set(sources().workshopsLive());
      },
    });
    new Gauge({
      name: 'firedrill_persist_queue_depth',
      help: 'Yjs updates accepted but not yet written to the database.',
      registers,
      collect() {
        this.set(sources().persistQueueDepth());
      },
    });
    this.yjsUpdates = new Counter({
      name: 'firedrill_yjs_updates_total',
      help: 'Yjs updates accepted by this process (from its clients, or its commands), by document.',
      labelNames: ['doc'],
      registers,
    });
    this.persistLag = new Histogram({
      name: 'firedrill_persist_lag_seconds',
      help: 'From an update’s arrival to its row being written (the durability promise is 0.1 s).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    });
    this.refused = new Counter({
      name: 'firedrill_refused_total',
      help: 'Refused input: Yjs close codes and refused commands, by reason and code.',
      labelNames: ['reason', 'code'],
      registers,
    });
    this.commands = new Counter({
      name: 'firedrill_commands_total',
      help: 'Commands received, by command and result (ok or the error code).',
      labelNames: ['command', 'result'],
      registers,
    });
    this.commandDuration = new Histogram({
      name: 'firedrill_command_duration_seconds',
      help: 'From a command’s arrival to its acknowledgement.',
      labelNames: ['command'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
  }

  /** Points the gauges at the running parts (the parts are built after the hooks that feed this). */
  measure(sources: MetricsSources): void {
    this.sources = sources;
  }
}

/** Whether a request may read /metrics: no token configured, or `Authorization: Bearer <token>`. */
export function mayReadMetrics(token: string | undefined, authorization: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(authorization?.replace(/^Bearer /i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

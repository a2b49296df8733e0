/**
 * The ports of the live core: what it needs from outside, declared by it. persistence/ implements the
 * store and the repositories, cluster/ the multi-process sync and sequencer, transport/ presence and
 * team announcements; live/local.ts holds the one-process implementations.
 */
import type { WorkshopSummary } from '../contract/http-workshop';
import type { ActionView, TeamTopic } from '../contract/team';
import type { LiveConnection } from '../domain/connection-summary';
import type { Card } from '../domain/context';
import type { WorkshopRecordRows } from '../domain/record';
import type { WorkshopState } from '../model/state';
import type { LiveDoc } from './live-doc';

export type { DocStore } from './doc-store';
export type { LiveHooks } from './hooks';

/** A loaded document as the sync reaches it: what other processes send lands here. */
export interface SyncedDoc {
  /** A Yjs update another process accepted. */
  update(update: Uint8Array): void;
  /** An awareness update of another process's clients. */
  awareness(update: Uint8Array): void;
  /** The awareness of this process's clients, for a process that just loaded the document. */
  ownAwareness(): Uint8Array | undefined;
  /** Applies whatever the log holds that this copy lacks. */
  catchUp(): Promise<void>;
}

/**
 * How an update or awareness change that one process accepted reaches every other process holding
 * the same document, and how a process catches up after it may have missed something. Only what a
 * client of this process sent is published; what arrives is applied and relayed, never re-published.
 */
export interface DocSync {
  /** Starts hearing a document, before its log is read; resolves once subscribed (or at once when the sync is down). */
  open(docName: string, doc: SyncedDoc): Promise<void>;
  /** The document is loaded and serves peers: the sync may now ask the others for what it lacks. */
  loaded(docName: string): void;
  /** Stops hearing a document. */
  close(docName: string): void;
  /** Best effort: a message lost here is found by the others' catch-up from the log. */
  publish(docName: string, kind: 'update' | 'awareness', payload: Uint8Array): void;
  /**
   * Something this process holds builds on content it lacks: resolves once the sync looked for it
   * in the log, or undefined when nobody else writes this document (one process).
   */
  lookForMissing(docName: string): Promise<void> | undefined;
}

/** What a change of the authoritative state decided: the next state (none: unchanged) and the answer. */
export interface Decision<T> {
  next?: WorkshopState;
  value: T;
}

/**
 * The one way the authoritative state of a workshop changes: `decide` runs on the latest state, one
 * call at a time per workshop across every process, and its `next` is written to the state document.
 * `decide` must be synchronous and pure (a sequencer may run it on a state another process just
 * changed).
 */
export interface CommandSequencer {
  change<T>(
    workshopId: string,
    live: LiveDoc,
    decide: (state: WorkshopState | undefined) => Decision<T>,
  ): Promise<T>;
}

/** What a sequencer may do with the registry's documents. */
export interface SequencedDocs {
  /** Applies what the log holds that `live` lacks; `db` is a transaction of the store's database. */
  catchUp(live: LiveDoc, db?: unknown): Promise<void>;
  /** Takes a change already in the log as row `id`: relays and publishes it, without writing it again. */
  applyCommitted(live: LiveDoc, update: Uint8Array, id: bigint): void;
}

/** Who is connected to a workshop now, on any process. */
export interface Presence {
  online(workshopId: string): Promise<ReadonlySet<string>>;
  /** Every open connection of the workshop, with the process serving it. */
  connections(workshopId: string): Promise<LiveConnection[]>;
}

/**
 * Tells every open page of a team, on every process, what changed. Called once a change is stored,
 * it never throws: the change is made, and a lost announcement only leaves a page stale until the
 * next one or its next reconnect.
 */
export interface TeamChanges {
  announce(teamId: string, topics: readonly TeamTopic[]): void;
}

/** A workshop row, as the room reads it. */
export interface WorkshopFacts {
  teamId: string | null;
  durationMinutes: number;
  reflectionMinutes: number;
}

/** Someone admitted to a workshop. */
export interface Member {
  id: string;
  name: string;
  role: string;
}

/** The workshop tables the room reads and writes. */
export interface RoomWorkshops {
  findWorkshop(id: string): Promise<WorkshopFacts | undefined>;
  listParticipants(workshopId: string): Promise<Member[]>;
  listScenarios(workshopId: string): Promise<Card[]>;
  insertScenario(row: Card & { workshopId: string; position: number }): Promise<void>;
}

/** The team's action tracker, as the room touches it. */
export interface RoomTeams {
  listActions(
    teamId: string,
    options: { openOnly?: boolean; excludeWorkshopId?: string },
  ): Promise<Pick<ActionView, 'id' | 'text' | 'ownerName' | 'dueDate' | 'status' | 'workshopTitle'>[]>;
  updateAction(teamId: string, actionId: string, fields: { status: ActionView['status'] }): Promise<boolean>;
}

/** The relational record of ended workshops. */
export interface RoomRecords {
  writeRecord(workshopId: string, rows: WorkshopRecordRows): Promise<void>;
  readSummary(workshopId: string): Promise<WorkshopSummary | undefined>;
}

/** A command budget per key (participant), shared by every process when there are several. */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface CommandLimiter {
  consume(key: string): Promise<unknown>;
}

/**
 * How this process runs: alone, or beside others. Chosen once at start-up (live/local.ts or
 * cluster/open-cluster.ts); nothing else asks which.
 */
export interface Topology<Adapter = never> {
  sync: DocSync;
  /** The sequencer every state command runs through, once the registry exists. */
  sequencer(docs: SequencedDocs): CommandSequencer;
  /** socket.io's adapter, so broadcasts and `fetchSockets` reach every process. None: socket.io's own. */
  adapter?: Adapter;
  /**
   * A budget named `name` shared by every process (commands, joins, creations). None: each process
   * counts in memory.
   */
  limiter?(name: string, pointsPerWindow: number, windowSeconds: number): RateLimiterAbstract;
  /** Whether every connection to the other processes is up; absent when there are none. */
  isHealthy?(): boolean;
  /** Whether other processes serve the same workshops. */
  readonly multiProcess: boolean;
  close(): Promise<void>;
}

import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { CommandName, RosterEntry } from '../contract/commands';
import { buildDocName } from '../contract/doc-names';
import { type Ack, ErrorCode } from '../contract/errors';
import type { WorkshopSummary } from '../contract/http-workshop';
import { runCommand } from '../domain/commands';

import type { Card, CommandContext } from '../domain/context';
import { generateId } from '../domain/tokens';
import { listNotes } from '../model/notes';
import type { WorkshopState } from '../model/state';
import { readState } from '../model/state-doc';
import {
  type CommandEffect,
  commandEffects,
  needsDatabaseDefault,
  type Payload,
  type PreparedEffect,
} from './command-effects';
import type { DocRegistry, LiveDoc } from './doc-registry';
import { readInitialState } from './initial-state';
import { isDatabaseUnavailable, WorkshopReads } from './outage-cache';
import type { CommandSequencer, Presence, RoomRecords, RoomTeams, RoomWorkshops, TeamChanges } from './ports';
import { RecordWriter, type RecordWriterOptions } from './record-writer';
import { Roster } from './roster';

/** Dependencies of the workshop service; clock and randomness are injectable for tests. */
export interface WorkshopServiceOptions {
  registry: DocRegistry;
  workshops: RoomWorkshops;
  teams: RoomTeams;
  records: RoomRecords;
  log: Logger;
  /** Who is connected, on any process. */
  presence: Presence;
  /** Tells a team's open pages when a review or an ended workshop changed its tracker and history. */
  teamChanges: TeamChanges;
  /** How state changes are serialised: in memory (one process) or under a row lock (several). */
  sequencer: CommandSequencer;
  /** How long the facilitator must be gone before anyone may claim the role. Default 3 minutes. */
  claimAfterMs?: number;
  /**
   * How long a command waits for a read (participants, cards) before it goes on with what it read
   * last, when it read them before. Default 2 s.
   */
  readTimeoutMs?: number;
  now?: () => number;
  randomInt?: (max: number) => number;
  /** Wait before the end record's next attempt, ms. Default 200 · 2^attempt. */
  recordRetryDelayMs?: RecordWriterOptions['retryDelayMs'];
  /** Told once, by the process whose command ended the workshop (the chat summary is queued there). */
  onEnded?: (workshopId: string) => void;
}

/**
 * Runs the workshop's authoritative side: holds a workshop's state, runs a command (a trial on the
 * current state, then its table effect, then the change through the sequencer), and hands the roster
 * and the end record to their own parts.
 */
export class WorkshopService {
  private readonly now: () => number;
  private readonly randomInt: (max: number) => number;
  private readonly claimAfterMs: number;
  private readonly sequencer: CommandSequencer;
  /** Participants, cards and team of live workshops, remembered for a database outage. */
  private readonly reads: WorkshopReads;
  private readonly rosters: Roster;
  private readonly recordWriter: RecordWriter;
  private readonly readying = new Map<string, Promise<void>>();

  constructor(private readonly options: WorkshopServiceOptions) {
    this.sequencer = options.sequencer;
    this.now = options.now ?? Date.now;
    this.randomInt = options.randomInt ?? ((max) => randomInt(max));
    this.claimAfterMs = options.claimAfterMs ?? 3 * 60_000;
    this.reads = new WorkshopReads({
      workshops: options.workshops,
      log: options.log,
      isLoaded: (id) => options.registry.peek(buildDocName(id, 'state')) !== undefined,
      readTimeoutMs: options.readTimeoutMs,
    });
    this.rosters = new Roster({
      presence: options.presence,
      reads: this.reads,
      sequencer: this.sequencer,
      now: this.now,
      holdState: async (workshopId) => {
        const release = await this.holdState(workshopId);
        return { live: options.registry.peek(buildDocName(workshopId, 'state'))!, release };
      },
    });
    this.recordWriter = new RecordWriter({
      ...options,
      reads: this.reads,
      retryDelayMs: options.recordRetryDelayMs,
    });
  }

  /**
   * Loads (and on first use initialises) a workshop's state document and keeps it in memory until
   * the returned release is called. Every Yjs connection holds it, so write permissions can be
   * decided synchronously from the current state.
   */
  async holdState(workshopId: string): Promise<() => void> {
    const { registry } = this.options;
    const live = await registry.acquire(buildDocName(workshopId, 'state'));
    try {
      if (!readState(live.doc) || !this.reads.knownCards(workshopId)) await this.ready(workshopId, live);
    } catch (error) {
      registry.release(live);
      throw error;
    }
    return () => registry.release(live);
  }

  /**
   * Initialises the state if it has none and reads ahead what commands read (so an outage before the
   * first command does not stop the room): once per workshop, however many connections arrive at once.
   */
  private ready(workshopId: string, live: LiveDoc): Promise<void> {
    let pending = this.readying.get(workshopId);
    if (!pending) {
      pending = (async () => {
        if (!readState(live.doc)) await this.initialise(workshopId, live);
        if (!this.reads.knownCards(workshopId)) await this.reads.prime(workshopId);
      })().finally(() => this.readying.delete(workshopId));
      this.readying.set(workshopId, pending);
    }
    return pending;
  }

  /** The current state if its document is in memory (it is while anyone is connected). */
  peekState(workshopId: string): WorkshopState | undefined {
    const live = this.options.registry.peek(buildDocName(workshopId, 'state'));
    return live ? readState(live.doc) : undefined;
  }

  /** Who holds the facilitator role now (it can be handed over), loading the state if needed. */
  async facilitatorId(workshopId: string): Promise<string | undefined> {
    const release = await this.holdState(workshopId);
    try {
      return this.peekState(workshopId)?.facilitatorId;
    } finally {
      release();
    }
  }

  /** Runs a validated command for `actorId` and acknowledges with its outcome. */
  async run<N extends CommandName>(
    workshopId: string,
    actorId: string,
    name: N,
    payload: Payload<N>,
  ): Promise<Ack<unknown>> {
    const { registry, log } = this.options;
    const [known, cards, online] = await Promise.all([
      this.reads.participants(workshopId),
      this.reads.cards(workshopId),
      this.options.presence.online(workshopId),
    ]);
    // Someone who joined since the database went away is only in the database: ask it once more.
    const members =
      known.some((m) => m.id === actorId) || !this.reads.fromMemory(workshopId)
        ? known
        : await this.reads.participants(workshopId, { fresh: true });
    const deck = new Map<string, Card>(cards.map((c) => [c.id, c]));
    const ctxFor = (actionIds: ReadonlySet<string>, newCardId?: string): CommandContext => ({
      actorId,
      now: this.now(),
      randomInt: this.randomInt,
      newId: generateId,
      deck,
      members: new Map(members.map((m) => [m.id, { id: m.id, name: m.name }])),
      online,
      actionIds,
      claimAfterMs: this.claimAfterMs,
      newCardId,
    });

    const release = await this.holdState(workshopId);
    const room = await registry.acquire(buildDocName(workshopId, 'walls'));
    try {
      const stateLive = registry.peek(buildDocName(workshopId, 'state'))!;
      const actionIds = () =>
        new Set(
          listNotes(room.doc)
            .filter((n) => n.wall === 'actions')
            .map((n) => n.id),
        );
      // Commands that also write a table (a card added on the spot, an action ticked off in the
      // review) are first checked against the current state, so a refused command writes nothing.
      const effect = commandEffects[name] as CommandEffect<N> | undefined;
      let prepared: PreparedEffect | undefined;
      if (effect) {
        prepared = await effect.prepare(
          { workshopId, payload, deck, cardCount: cards.length },
          { ...this.options, reads: this.reads },
        );
        const trial = runCommand(
          readState(stateLive.doc)!,
          name,
          payload,
          ctxFor(actionIds(), prepared.newCardId),
        );
        if (!trial.ok) return trial;
        const refusal = await this.writeEffect(workshopId, actorId, name, effect, prepared);
        if (refusal) return refusal;
      }
      // The sequencer runs this on the latest state, one command at a time, on whichever process.
      const ids = actionIds();
      const outcome = await this.sequencer.change(workshopId, stateLive, (state) => {
        const result = runCommand(state!, name, payload, ctxFor(ids, prepared?.newCardId));
        return {
          next: result.ok ? result.state : undefined,
          value: { result, ended: result.ok && result.state.phase === 'ended' && state!.phase !== 'ended' },
        };
      });
      const { result } = outcome;
      const context = { workshopId, participantId: actorId, command: name };
      if (!result.ok) {
        log.info({ event: 'command.refused', ...context, code: result.error.code }, 'command refused');
        return result;
      }
      log.info({ event: 'command.applied', ...context }, 'command applied');
      if (outcome.ended) {
        void this.recordWriter.write(workshopId).catch(() => {});
        this.options.onEnded?.(workshopId);
      }
      return { ok: true, value: result.value ?? null };
    } finally {
      registry.release(room);
      release();
    }
  }

  /**
   * Notes that someone connected or left (the facilitator's absence starts the claim clock); returns
   * the roster to broadcast.
   */
  presenceChanged(workshopId: string): Promise<RosterEntry[]> {
    return this.rosters.presenceChanged(workshopId);
  }

  /** Everyone admitted, with who is connected now. */
  roster(workshopId: string, known?: ReadonlySet<string>): Promise<RosterEntry[]> {
    return this.rosters.roster(workshopId, known);
  }

  /**
   * The record of an ended workshop. If the end was decided but its record never reached the
   * database (a crash in between), it is written now from the documents.
   */
  summary(workshopId: string): Promise<WorkshopSummary | undefined> {
    return this.recordWriter.summary(workshopId, async () => {
      const release = await this.holdState(workshopId);
      try {
        return this.peekState(workshopId)?.phase === 'ended';
      } finally {
        release();
      }
    });
  }

  /**
   * Writes a command's table effect, the one kind of command that cannot go on from memory: its table
   * write is the point. While reads already fail it is not even tried (the driver could hold it for
   * seconds). Returns the refusal to answer, if any.
   */
  private async writeEffect<N extends CommandName>(
    workshopId: string,
    actorId: string,
    name: N,
    effect: CommandEffect<N>,
    prepared: PreparedEffect,
  ): Promise<Ack<unknown> | undefined> {
    let failure: unknown;
    if (this.reads.fromMemory(workshopId)) failure = new Error('the database is unavailable');
    else await prepared.write().catch((error: unknown) => (failure = error));
    if (failure === undefined) return undefined;
    if (!this.reads.fromMemory(workshopId) && !isDatabaseUnavailable(failure)) throw failure;
    this.options.log.warn(
      { event: 'command.needs_database', workshopId, participantId: actorId, command: name, err: failure },
      'command refused: the database is unavailable',
    );
    return {
      ok: false,
      error: { code: ErrorCode.UNAVAILABLE, message: effect.needsDatabase || needsDatabaseDefault },
    };
  }

  private async initialise(workshopId: string, live: LiveDoc): Promise<void> {
    const initial = await readInitialState(workshopId, { ...this.options, reads: this.reads });
    // Decided by the sequencer: another caller (or process) may have initialised it meanwhile.
    await this.sequencer.change(workshopId, live, (state) => ({
      next: state ? undefined : initial,
      value: undefined,
    }));
  }
}

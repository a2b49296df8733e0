import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  type Ack,
  type CommandName,
  type commandSchemas,
  ErrorCode,
  type RosterEntry,
  type WorkshopSummary,
  yjsDocName,
} from '../contract/protocol';
import { runCommand, trackFacilitatorPresence } from '../domain/commands';
import type { Card, CommandContext } from '../domain/context';
import { buildRecordRows } from '../domain/record';
import { generateId } from '../domain/tokens';
import { listNotes } from '../model/notes';
import { listLogEntries } from '../model/scribe-log';
import { initialState, type WorkshopState } from '../model/state';
import { readState } from '../model/state-doc';
import type { DocRegistry, LiveDoc } from './doc-registry';
import { isDatabaseUnavailable, WorkshopReads } from './outage-cache';
import type { CommandSequencer, Presence, RoomRecords, RoomTeams, RoomWorkshops, TeamChanges } from './ports';

/** Why a command that has to write a table is refused while the database is away. */
const needsDatabase: Partial<Record<CommandName | 'default', string>> = {
  'hat:add-card':
    'The database is not answering, and a new card has to be saved there: try again in a minute. Everything else keeps working.',
  'review:set-status':
    'The database is not answering, and the action tracker lives there: try again in a minute. Everything else keeps working.',
  default: 'The database is not answering: try again in a minute.',
};

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
  /** Told once, by the process whose command ended the workshop (the chat summary is queued there). */
  onEnded?: (workshopId: string) => void;
}

type Payload<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;

/**
 * Runs the workshop's authoritative side: commands against the state document, the roster of who
 * is connected, and the relational record written when a workshop ends.
 */
export class WorkshopService {
  private readonly now: () => number;
  private readonly randomInt: (max: number) => number;
  private readonly claimAfterMs: number;
  private readonly writer: CommandSequencer;
  /** Participants, cards and team of live workshops, remembered for a database outage. */
  private readonly reads: WorkshopReads;

  constructor(private readonly options: WorkshopServiceOptions) {
    this.writer = options.sequencer;
    this.now = options.now ?? Date.now;
    this.randomInt = options.randomInt ?? ((max) => randomInt(max));
    this.claimAfterMs = options.claimAfterMs ?? 3 * 60_000;
    this.reads = new WorkshopReads({
      workshops: options.workshops,
      log: options.log,
      isLoaded: (id) => options.registry.peek(yjsDocName.state(id)) !== undefined,
      readTimeoutMs: options.readTimeoutMs,
    });
  }

  /**
   * Loads (and on first use initialises) a workshop's state document and keeps it in memory until
   * the returned release is called. Every Yjs connection holds it, so write permissions can be
   * decided synchronously from the current state.
   */
  async holdState(workshopId: string): Promise<() => void> {
    const { registry } = this.options;
    const live = await registry.acquire(yjsDocName.state(workshopId));
    try {
      if (!readState(live.doc)) await this.initialise(workshopId, live);
    } catch (error) {
      registry.release(live);
      throw error;
    }
    // What commands read is kept from the first connection on, so an outage before the first
    // command does not stop the room either.
    if (!this.reads.knownCards(workshopId)) await this.reads.prime(workshopId);
    return () => registry.release(live);
  }

  /** The current state if its document is in memory (it is while anyone is connected). */
  peekState(workshopId: string): WorkshopState | undefined {
    const live = this.options.registry.peek(yjsDocName.state(workshopId));
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
    const { registry, workshops, log } = this.options;
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
    const room = await registry.acquire(yjsDocName.room(workshopId));
    try {
      const stateLive = registry.peek(yjsDocName.state(workshopId))!;
      const stateDoc = stateLive.doc;
      const actionIds = () =>
        new Set(
          listNotes(room.doc)
            .filter((n) => n.wall === 'actions')
            .map((n) => n.id),
        );
      // Commands that also write a table (a card added on the spot, an action ticked off in the
      // review) are first checked against the current state, so a refused command writes nothing.
      let newCardId: string | undefined;
      let effect: (() => Promise<void>) | undefined;
      if (name === 'hat:add-card') {
        const input = payload as Payload<'hat:add-card'>;
        const card = { id: generateId(), ...input };
        newCardId = card.id;
        deck.set(card.id, card);
        effect = async () => {
          await workshops.insertScenario({ workshopId, position: cards.length, ...card });
          // Kept at once: a draw during an outage that starts now must still find this card.
          const kept = this.reads.knownCards(workshopId);
          if (kept && !kept.some((c) => c.id === card.id))
            this.reads.remember(workshopId, 'cards', [...kept, card]);
        };
      } else if (name === 'review:set-status') {
        const { actionId, status } = payload as Payload<'review:set-status'>;
        const teamId = await this.reads.teamId(workshopId);
        effect = async () => {
          if (!teamId || !(await this.options.teams.updateAction(teamId, actionId, { status }))) {
            throw new Error(`action ${actionId} is not in the tracker of workshop ${workshopId}`);
          }
          this.options.teamChanges.announce(teamId, ['actions']);
        };
      }
      if (effect) {
        const trial = runCommand(readState(stateDoc)!, name, payload, ctxFor(actionIds(), newCardId));
        if (!trial.ok) return trial;
        // The one kind of command that cannot go on from memory: its table write is the point. While
        // reads already fail it is not even tried (the driver could hold it for seconds).
        let failure: unknown;
        if (this.reads.fromMemory(workshopId)) failure = new Error('the database is unavailable');
        else await effect().catch((error: unknown) => (failure = error));
        if (failure !== undefined) {
          if (!this.reads.fromMemory(workshopId) && !isDatabaseUnavailable(failure)) throw failure;
          log.warn(
            {
              event: 'command.needs_database',
              workshopId,
              participantId: actorId,
              command: name,
              err: failure,
            },
            'command refused: the database is unavailable',
          );
          return {
            ok: false,
            error: { code: ErrorCode.UNAVAILABLE, message: needsDatabase[name] ?? needsDatabase.default! },
          };
        }
      }
      // The state writer runs this on the latest state, one command at a time, on whichever process.
      const ids = actionIds();
      const outcome = await this.writer.change(workshopId, stateLive, (state) => {
        const result = runCommand(state!, name, payload, ctxFor(ids, newCardId));
        return {
          next: result.ok ? result.state : undefined,
          value: { result, ended: result.ok && result.state.phase === 'ended' && state!.phase !== 'ended' },
        };
      });
      const { result } = outcome;
      if (!result.ok) {
        log.info(
          {
            event: 'command.refused',
            workshopId,
            participantId: actorId,
            command: name,
            code: result.error.code,
          },
          'command refused',
        );
        return result;
      }
      log.info(
        { event: 'command.applied', workshopId, participantId: actorId, command: name },
        'command applied',
      );
      if (outcome.ended) {
        void this.writeRecord(workshopId).catch(() => {});
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
  async presenceChanged(workshopId: string): Promise<RosterEntry[]> {
    const online = await this.options.presence.online(workshopId);
    await this.updatePresence(workshopId, online);
    return this.roster(workshopId, online);
  }

  /** Everyone admitted, with who is connected now. */
  async roster(workshopId: string, known?: ReadonlySet<string>): Promise<RosterEntry[]> {
    const [online, people] = await Promise.all([
      known ?? this.options.presence.online(workshopId),
      this.reads.participants(workshopId),
    ]);
    return people.map((p) => ({ id: p.id, name: p.name, online: online.has(p.id) }));
  }

  /**
   * The record of an ended workshop. If the end was decided but its record never reached the
   * database (a crash in between), it is written now from the documents.
   */
  async summary(workshopId: string): Promise<WorkshopSummary | undefined> {
    const stored = await this.options.records.readSummary(workshopId);
    if (stored) return stored;
    const release = await this.holdState(workshopId);
    try {
      if (this.peekState(workshopId)?.phase !== 'ended') return undefined;
    } finally {
      release();
    }
    await this.writeRecord(workshopId);
    return this.options.records.readSummary(workshopId);
  }

  private async updatePresence(workshopId: string, online: ReadonlySet<string>): Promise<void> {
    const release = await this.holdState(workshopId);
    try {
      const live = this.options.registry.peek(yjsDocName.state(workshopId))!;
      const track = (state: WorkshopState | undefined) => {
        const next = state && trackFacilitatorPresence(state, online, this.now());
        return { next: next !== state ? next : undefined, value: undefined };
      };
      // Most connections change nothing: only a change goes through the writer (a lock with several processes).
      if (track(readState(live.doc)).next) await this.writer.change(workshopId, live, track);
    } finally {
      release();
    }
  }

  private async initialise(workshopId: string, live: LiveDoc): Promise<void> {
    const [workshop, people] = await Promise.all([
      this.options.workshops.findWorkshop(workshopId),
      this.reads.participants(workshopId),
    ]);
    if (workshop) this.reads.remember(workshopId, 'teamId', workshop.teamId ?? null);
    const facilitator = people.find((p) => p.role === 'facilitator');
    if (!workshop || !facilitator) throw new Error(`workshop ${workshopId} has no facilitator`);
    // A team's workshop opens with the open actions of its earlier workshops, to tick off together.
    const open = workshop.teamId
      ? await this.options.teams.listActions(workshop.teamId, {
          openOnly: true,
          excludeWorkshopId: workshopId,
        })
      : [];
    const review = open.map(({ id, text, ownerName, dueDate, status, workshopTitle }) => ({
      id,
      text,
      ownerName,
      dueDate,
      status,
      workshopTitle,
    }));
    // Decided by the writer: another caller (or process) may have initialised it meanwhile.
    const initial = initialState({ facilitatorId: facilitator.id, ...workshop, review });
    await this.writer.change(workshopId, live, (state) => ({
      next: state ? undefined : initial,
      value: undefined,
    }));
  }

  private async writeRecord(workshopId: string): Promise<void> {
    const { registry, workshops, records, log } = this.options;
    const docs = await Promise.all(
      [yjsDocName.state, yjsDocName.room, yjsDocName.log].map((name) => registry.acquire(name(workshopId))),
    );
    try {
      const [stateLive, roomLive, logLive] = docs as [
        (typeof docs)[number],
        (typeof docs)[number],
        (typeof docs)[number],
      ];
      const state = readState(stateLive.doc);
      if (state?.phase !== 'ended') return;
      const members = await workshops.listParticipants(workshopId);
      const rows = buildRecordRows({
        workshopId,
        state,
        notes: listNotes(roomLive.doc),
        entries: listLogEntries(logLive.doc),
        members: new Map(members.map((m) => [m.id, m.name])),
      });
      const teamId = await this.reads.teamId(workshopId);
      for (let attempt = 1; ; attempt++) {
        try {
          await records.writeRecord(workshopId, rows);
          // Its end, its actions in the tracker, run counts, and a monthly team's next date.
          if (teamId) this.options.teamChanges.announce(teamId, ['workshops', 'actions', 'team']);
          log.info(
            { event: 'workshop.ended', workshopId, turns: rows.turns.length, actions: rows.actions.length },
            'workshop record written',
          );
          return;
        } catch (error) {
          log.error(
            { event: 'persistence.record_failed', workshopId, attempt, err: error },
            'could not write the workshop record',
          );
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
        }
      }
    } finally {
      for (const live of docs) registry.release(live);
    }
  }
}

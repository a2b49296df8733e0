import type { Logger } from 'pino';
import type { Card } from '../domain/context';
import type { Member, RoomWorkshops } from './ports';

/** What commands read from the database besides the state document. */
interface Reads {
  participants: Member[];
  cards: Card[];
  teamId: string | null;
}

/**
 * The last successful reads of one workshop; since when they stand in for the database (a failed
 * read), and when the read checking whether it is back started (`performance.now()`).
 */
type Remembered = Partial<Reads> & { fromMemorySince?: number; probeStartedAt?: number };

/** PostgreSQL error classes and client error codes that mean "the database is not there right now". */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
  '53300', // too_many_connections
]);

/** Whether `error` (or what it wraps: drizzle wraps driver errors in `cause`) says the database is away. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
    if (typeof errno === 'string' && unavailableCodes.has(errno)) return true;
    if (e instanceof DatabaseTimeout) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A read that did not answer in time. */
class DatabaseTimeout extends Error {}

/** `promise`, or a DatabaseTimeout after `ms` (the read itself goes on and is ignored). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DatabaseTimeout(`no answer from the database in ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** What the remembered reads need. */
export interface WorkshopReadsOptions {
  workshops: RoomWorkshops;
  log: Logger;
  /** Whether a workshop is live here (its state in memory): only those are remembered. */
  isLoaded: (workshopId: string) => boolean;
  /**
   * How long a read may take before the last answer stands in for it, when there is one. Default 2 s.
   */
  readTimeoutMs?: number;
}

/**
 * The participants, cards and team of live workshops, read from the database and remembered. When
 * the database fails, commands and the roster go on from what was read last: with one process the
 * state writer needs no database (its changes queue in the document store until it returns), so the
 * facilitator's commands keep working through an outage.
 */
export class WorkshopReads {
  private readonly remembered = new Map<string, Remembered>();
  private readonly readTimeoutMs: number;

  constructor(private readonly options: WorkshopReadsOptions) {
    this.readTimeoutMs = options.readTimeoutMs ?? 2_000;
  }

  /** The cards remembered for a workshop, if any. */
  knownCards(workshopId: string): Card[] | undefined {
    return this.remembered.get(workshopId)?.cards;
  }

  participants(workshopId: string, options: { fresh?: boolean } = {}): Promise<Member[]> {
    return this.read(workshopId, 'participants', options);
  }

  cards(workshopId: string): Promise<Card[]> {
    return this.read(workshopId, 'cards');
  }

  teamId(workshopId: string): Promise<string | null> {
    return this.read(workshopId, 'teamId');
  }

  /** The database reads behind `read`. */
  private fetch<K extends keyof Reads>(workshopId: string, key: K): Promise<Reads[K]> {
    const { workshops } = this.options;
    const reads: { [R in keyof Reads]: () => Promise<Reads[R]> } = {
      participants: () => workshops.listParticipants(workshopId),
      cards: async () =>
        (await workshops.listScenarios(workshopId)).map(({ id, title, summary, evidence }) => ({
          id,
          title,
          summary,
          evidence,
        })),
      teamId: async () => (await workshops.findWorkshop(workshopId))?.teamId ?? null,
    };
    return reads[key]();
  }

  /** Whether reads of this workshop are being answered from memory (the database failed). */
  fromMemory(workshopId: string): boolean {
    return this.remembered.get(workshopId)?.fromMemorySince !== undefined;
  }

  /** Reads what commands need once (not past `readTimeoutMs`), so it is in memory before an outage. */
  async prime(workshopId: string): Promise<void> {
    await withDeadline(
      Promise.all([this.participants(workshopId), this.cards(workshopId), this.teamId(workshopId)]),
      this.readTimeoutMs,
    ).catch((error: unknown) =>
      this.options.log.debug(
        { event: 'command.prime_failed', workshopId, err: error },
        'could not read ahead',
      ),
    );
  }

  /**
   * Reads from the database and remembers the answer. When the read fails (or takes longer than
   * `readTimeoutMs`) and an earlier answer is known, goes on with that one: one warning, and from
   * then on answers come from memory at once while one read at a time checks whether the database
   * is back (the driver may hold a query for seconds while it backs off reconnecting). `fresh` reads
   * the database even then.
   */
  private async read<K extends keyof Reads>(
    workshopId: string,
    key: K,
    options: { fresh?: boolean } = {},
  ): Promise<Reads[K]> {
    const known = this.remembered.get(workshopId)?.[key] as Reads[K] | undefined;
    if (known !== undefined && this.fromMemory(workshopId) && !options.fresh) {
      this.probe(workshopId);
      return known;
    }
    try {
      const read = this.fetch(workshopId, key);
      const value = await (known === undefined ? read : withDeadline(read, this.readTimeoutMs));
      this.remember(workshopId, key, value);
      return value;
    } catch (error) {
      const memory = this.remembered.get(workshopId);
      if (known === undefined || !memory) throw error;
      if (memory.fromMemorySince === undefined) {
        memory.fromMemorySince = performance.now();
        this.options.log.warn(
          { event: 'command.from_memory', workshopId, read: key, err: error },
          'database unavailable: commands go on from the participants and cards read last',
        );
      }
      return known;
    }
  }

  /** Reads everything again in the background (one probe at a time, a new one after `readTimeoutMs`). */
  private probe(workshopId: string): void {
    const memory = this.remembered.get(workshopId);
    const startedAt = performance.now();
    if (
      !memory ||
      (memory.probeStartedAt !== undefined && startedAt - memory.probeStartedAt < this.readTimeoutMs)
    )
      return;
    memory.probeStartedAt = startedAt;
    void Promise.all([
      this.fetch(workshopId, 'participants'),
      this.fetch(workshopId, 'cards'),
      this.fetch(workshopId, 'teamId'),
    ])
      .then(([participants, cards, teamId]) => {
        this.remember(workshopId, 'participants', participants);
        this.remember(workshopId, 'cards', cards);
        this.remember(workshopId, 'teamId', teamId);
      })
      .catch(() => {})
      .finally(() => {
        if (memory.probeStartedAt === startedAt) memory.probeStartedAt = undefined;
      });
  }

  remember<K extends keyof Reads>(workshopId: string, key: K, value: Reads[K]): void {
    let memory = this.remembered.get(workshopId);
    if (!memory) {
      // Workshops whose state left memory are forgotten as others arrive, so this never outgrows the registry.
      for (const id of this.remembered.keys()) if (!this.options.isLoaded(id)) this.remembered.delete(id);
      memory = {};
      this.remembered.set(workshopId, memory);
    }
    memory[key] = value;
    if (memory.fromMemorySince !== undefined) {
      this.options.log.info(
        {
          event: 'command.from_database',
          workshopId,
          afterMs: Math.round(performance.now() - memory.fromMemorySince),
        },
        'the database answers again: commands read from it again',
      );
      memory.fromMemorySince = undefined;
    }
  }
}

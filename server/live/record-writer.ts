import type { Logger } from 'pino';
import { buildDocName } from '../contract/doc-names';
import type { WorkshopSummary } from '../contract/http-workshop';
import { buildRecordRows } from '../domain/record';
import { listNotes } from '../model/notes';
import { listLogEntries } from '../model/scribe-log';
import { readState } from '../model/state-doc';
import type { DocRegistry } from './doc-registry';
import type { WorkshopReads } from './outage-cache';
import type { RoomRecords, RoomWorkshops, TeamChanges } from './ports';

/** What the record writer needs. */
export interface RecordWriterOptions {
  registry: DocRegistry;
  workshops: RoomWorkshops;
  records: RoomRecords;
  reads: WorkshopReads;
  teamChanges: TeamChanges;
  log: Logger;
  /** Attempts before giving up. Default 5. */
  attempts?: number;
  /** Wait before attempt `attempt + 1`, ms. Default 200 · 2^attempt. */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * Writes the relational record of an ended workshop from its three documents, retrying a failed
 * write with backoff. Idempotent: the record is rewritten whole, so writing it twice changes nothing.
 */
export class RecordWriter {
  constructor(private readonly options: RecordWriterOptions) {}

  /**
   * The record of an ended workshop. If the end was decided but its record never reached the
   * database (a crash in between), it is written now from the documents.
   */
  async summary(workshopId: string, isEnded: () => Promise<boolean>): Promise<WorkshopSummary | undefined> {
    const stored = await this.options.records.readSummary(workshopId);
    if (stored) return stored;
    if (!(await isEnded())) return undefined;
    await this.write(workshopId);
    return this.options.records.readSummary(workshopId);
  }

  /** Writes the record if the workshop has ended; throws after the last failed attempt. */
  async write(workshopId: string): Promise<void> {
    const { registry, workshops, records, log } = this.options;
    const attempts = this.options.attempts ?? 5;
    const delay = this.options.retryDelayMs ?? ((attempt) => 200 * 2 ** attempt);
    const names = (['state', 'walls', 'log'] as const).map((kind) => buildDocName(workshopId, kind));
    const docs = await Promise.all(names.map((name) => registry.acquire(name)));
    try {
      const [stateLive, roomLive, logLive] = docs as [(typeof docs)[0], (typeof docs)[0], (typeof docs)[0]];
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
      const teamId = await this.options.reads.teamId(workshopId);
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
          if (attempt >= attempts) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay(attempt)));
        }
      }
    } finally {
      for (const live of docs) registry.release(live);
    }
  }
}

/**
 * The one "run a workshop" helper: people join, the facilitator draws for the first of them and
 * starts their turn, evidence is revealed, the driver writes notes, and the facilitator ends it, all
 * over socket.io and Yjs as the room would.
 *
 *   const { joined, endMs } = await runWorkshop(url, workshop, { people: ['Ann', 'Bob'], walls: { crappy: ['x'] } });
 */
import { expect } from 'vitest';
import type { CreatedWorkshop, JoinedWorkshop } from '../../server/contract/http-workshop';
import { addNote } from '../../server/model/notes';
import { eventually, joinWorkshop } from './clients';
import { type Cleanups, commander, openDoc } from './room-clients';
import type { teamApi } from './team';

/** What the driver puts on the walls before the end. */
export interface WallContent {
  crappy?: string[];
  awesome?: string[];
  /** Actions owned by the driver. */
  actions?: { text: string; dueDate: string }[];
}

/** How the workshop goes. Every command must be acknowledged ok, else the helper throws. */
export interface WorkshopScript {
  /** Who joins, in order; the first draws and drives. Default ['Ann']. */
  people?: string[];
  /**
   * 'draw' (default): phase draw, a card from the hat for the driver, their turn. 'turn': no hat (a
   * workshop without cards), phase investigate and the driver's turn. 'none': straight to the end.
   */
  play?: 'draw' | 'turn' | 'none';
  /** Evidence indexes the driver's card shows, in order (with play 'draw'). */
  reveal?: number[];
  /** Notes the driver writes; the end waits until another client holds them all. */
  walls?: WallContent;
  /** Whether the facilitator ends the workshop (default true). */
  end?: boolean;
}

/** What `runWorkshop` did. */
export interface WorkshopRun {
  joined: JoinedWorkshop[];
  /** How long `workshop:end` took to be acknowledged, in ms (NaN when not ended). */
  endMs: number;
}

/** Runs `workshop` on `baseUrl` through `script`; every client it opened is closed when it returns. */
export async function runWorkshop(
  baseUrl: string,
  workshop: CreatedWorkshop,
  script: WorkshopScript = {},
): Promise<WorkshopRun> {
  const { people = ['Ann'], play = 'draw', reveal = [], walls = {}, end = true } = script;
  const cleanups: Cleanups = [];
  try {
    const joined: JoinedWorkshop[] = [];
    for (const name of people) joined.push(await joinWorkshop(baseUrl, workshop, name));
    const facilitator = await commander(baseUrl, workshop, workshop.facilitatorToken, cleanups);
    const send: typeof facilitator.send = async (name, payload) => {
      const ack = await facilitator.send(name, payload);
      expect(ack, name).toMatchObject({ ok: true });
      return ack;
    };
    const driver = joined[0];
    if (driver && play === 'draw') {
      await send('phase:set', { phase: 'draw' });
      await send('hat:draw', { participantId: driver.participantId });
      await send('turn:start', { participantId: driver.participantId });
      for (const index of reveal) await send('evidence:reveal', { index });
    } else if (driver && play === 'turn') {
      await send('phase:set', { phase: 'investigate' });
      await send('turn:start', { participantId: driver.participantId });
    }
    const notes = [
      ...(['crappy', 'awesome'] as const).flatMap((wall) =>
        (walls[wall] ?? []).map((text) => ({ wall, text })),
      ),
      ...(walls.actions ?? []).map((action) => ({ wall: 'actions' as const, ...action })),
    ];
    if (driver && notes.length > 0) {
      const [room, watcher] = await Promise.all([
        openDoc(baseUrl, workshop.id, driver.participantToken, cleanups),
        openDoc(baseUrl, workshop.id, workshop.facilitatorToken, cleanups),
      ]);
      const author = { id: driver.participantId, name: people[0]! };
      for (const [n, note] of notes.entries())
        addNote(room.doc, {
          id: `note-${n + 1}`,
          wall: note.wall,
          text: note.text,
          author,
          now: Date.now(),
          ...('dueDate' in note ? { ownerId: driver.participantId, dueDate: note.dueDate } : {}),
        });
      // Another client holding the notes proves the server has them before the end freezes the walls.
      await eventually(() => expect(watcher.doc.getMap('notes').size).toBe(notes.length), 15_000);
    }
    let endMs = Number.NaN;
    if (end) {
      const started = performance.now();
      await send('workshop:end', {});
      endMs = performance.now() - started;
    }
    return { joined, endMs };
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

/**
 * A short workshop as a team would run it: Ann draws, one piece of evidence is revealed, she writes one
 * action ("Alarm on queue depth", hers, due 2026-12-15), and it ends. The team gets a record, a run
 * count and an action in its tracker.
 */
export const SHORT_WORKSHOP: WorkshopScript = {
  reveal: [0],
  walls: { actions: [{ text: 'Alarm on queue depth', dueDate: '2026-12-15' }] },
};

/** Creates a workshop through a team's admin API (from `cardIds` of its library, none by default). */
export async function createTeamWorkshop(
  admin: ReturnType<typeof teamApi>,
  title: string,
  cardIds: string[] = [],
): Promise<CreatedWorkshop> {
  const created = await admin.post<CreatedWorkshop>('/workshops', { title, cardIds });
  if (created.status !== 201) throw new Error(`workshop create failed: ${created.status} ${created.text}`);
  return created.body;
}

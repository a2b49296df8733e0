import type { CommandName } from '../../server/contract/commands';
import type { Ack } from '../../server/contract/errors';
import type { CreatedWorkshop } from '../../server/contract/http-workshop';
import { addNote } from '../../server/model/notes';
import { connectSocket, connectYjs, joinWorkshop, synced } from './clients';
import type { teamApi } from './team';

/** What to put on the walls before the end. */
export interface WallContent {
  crappy?: string[];
  awesome?: string[];
  actions?: { text: string; dueDate: string }[];
}

/**
 * Creates a team workshop through the admin API, lets Ann take one turn, writes `walls` as Ann, and
 * ends it. Resolves with the workshop and how long the end command took to be acknowledged.
 */
export async function runTeamWorkshop(
  baseUrl: string,
  admin: ReturnType<typeof teamApi>,
  title: string,
  walls: WallContent,
): Promise<{ workshop: CreatedWorkshop; endMs: number }> {
  const created = await admin.post<CreatedWorkshop>('/workshops', { title, cardIds: [] });
  if (created.status !== 201) throw new Error(`workshop create failed: ${created.status}`);
  const workshop = created.body;
  const ann = await joinWorkshop(baseUrl, workshop, 'Ann');
  const fac = connectSocket(baseUrl, workshop.id, workshop.facilitatorToken);
  const send = (name: CommandName, payload: unknown) =>
    (
      fac.timeout(10_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> }
    ).emitWithAck(name, payload);
  await new Promise((resolve) => fac.once('session:ready', resolve));
  await send('phase:set', { phase: 'investigate' });
  await send('turn:start', { participantId: ann.participantId });
  const room = connectYjs(baseUrl, workshop.id, ann.participantToken);
  await synced(room.provider);
  const author = { id: ann.participantId, name: 'Ann' };
  let n = 0;
  for (const wall of ['crappy', 'awesome'] as const)
    for (const text of walls[wall] ?? [])
      addNote(room.doc, { id: `n${n++}`, wall, text, author, now: Date.now() });
  for (const { text, dueDate } of walls.actions ?? [])
    addNote(room.doc, {
      id: `n${n++}`,
      wall: 'actions',
      text,
      author,
      now: Date.now(),
      ownerId: ann.participantId,
      dueDate,
    });
  // The notes reach the server before the end freezes the walls.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = performance.now();
  const ended = await send('workshop:end', {});
  const endMs = performance.now() - started;
  room.destroy();
  fac.disconnect();
  if (!ended.ok) throw new Error(`workshop:end refused: ${JSON.stringify(ended)}`);
  return { workshop, endMs };
}

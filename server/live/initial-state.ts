import { initialState, type WorkshopState } from '../model/state';
import type { WorkshopReads } from './outage-cache';
import type { RoomTeams, RoomWorkshops } from './ports';

/**
 * The state a workshop opens with, read from its tables: its facilitator and timings, and for a
 * team's workshop the open actions of its earlier workshops, to tick off together in the review.
 */
export async function readInitialState(
  workshopId: string,
  deps: { workshops: RoomWorkshops; teams: RoomTeams; reads: WorkshopReads },
): Promise<WorkshopState> {
  const [workshop, people] = await Promise.all([
    deps.workshops.findWorkshop(workshopId),
    deps.reads.participants(workshopId),
  ]);
  if (workshop) deps.reads.remember(workshopId, 'teamId', workshop.teamId ?? null);
  const facilitator = people.find((p) => p.role === 'facilitator');
  if (!workshop || !facilitator) throw new Error(`workshop ${workshopId} has no facilitator`);
  // A team's workshop opens with the open actions of its earlier workshops, to tick off together.
  const open = workshop.teamId
    ? await deps.teams.listActions(workshop.teamId, {
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
  return initialState({ facilitatorId: facilitator.id, ...workshop, review });
}

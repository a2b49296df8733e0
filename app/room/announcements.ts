import type { Phase } from '@/server/contract/vocabulary';
import { currentTurn, type RoleEvent, type WorkshopState } from '@/server/model/state';
import { isReflectionTime, remainingMs } from '@/server/model/timer';

/** The room as one screen saw it at one moment: the state and the server time. */
export interface RoomMoment {
  state: WorkshopState;
  now: number;
}

/** Who is speaking to whom: the viewer's id, and everyone's names. */
export interface Audience {
  meId: string;
  nameOf: (id: string | null | undefined) => string;
}

/** "Ann claimed the facilitator role" and the like. */
export function describeRoleEvent(event: RoleEvent, nameOf: Audience['nameOf']): string {
  if (event.kind === 'claimed') return `${nameOf(event.to)} claimed the facilitator role`;
  if (event.kind === 'handed')
    return `${nameOf(event.from)} handed the facilitator role to ${nameOf(event.to)}`;
  return event.to ? `${nameOf(event.to)} is now the scribe` : 'Nobody is the scribe now';
}

/** What the room is told when it enters a phase (the end shows the summary instead). */
const PHASE_NEWS: Partial<Record<Phase, string>> = {
  lobby: 'Back in the lobby.',
  draw: 'The draw is open: everyone draws a card from the hat.',
  investigate: 'The investigation starts.',
  reflect:
    'Reflection: agree the actions, each with an owner and a due date, and vote for the ones that matter.',
};

/** One minute: the clock's last minute is announced as it starts. */
const LAST_MINUTE_MS = 60_000;

/**
 * The sentences a screen reader should hear about what changed between two moments of the room:
 * each new draw ("Alex drew ‘Disk full on db-2’"), the laptop passing, a phase change, a role
 * change, the clock reaching the reflection reserve, its last minute and its end. Pure: the room
 * compares what it showed last with what it shows now, so a page that opens late says nothing
 * about what happened before.
 */
export function announcementsBetween(before: RoomMoment, after: RoomMoment, audience: Audience): string[] {
  const { meId, nameOf } = audience;
  const was = before.state;
  const is = after.state;
  const who = (id: string) => (id === meId ? 'You' : nameOf(id));
  const news: string[] = [];
  if (is.phase !== was.phase && PHASE_NEWS[is.phase]) news.push(PHASE_NEWS[is.phase] ?? '');
  for (const draw of is.draws.filter((d) => d.seq > was.drawSeq)) {
    const by = draw.drawnBy !== draw.participantId ? ` (drawn by ${nameOf(draw.drawnBy)})` : '';
    news.push(`${who(draw.participantId)} drew ‘${is.cards[draw.cardId]?.title ?? 'a card'}’${by}`);
  }
  if (is.currentTurnId !== was.currentTurnId) {
    const turn = currentTurn(is);
    const card = turn?.cardId ? ` with ‘${is.cards[turn.cardId]?.title ?? 'a card'}’` : '';
    if (turn)
      news.push(
        `${turn.participantId === meId ? 'You are' : `${nameOf(turn.participantId)} is`} driving now${card}`,
      );
    else if (is.phase === 'draw' || is.phase === 'investigate')
      news.push('The turn has ended: nobody is driving.');
  }
  for (const event of is.roleEvents.slice(was.roleEvents.length)) news.push(describeRoleEvent(event, nameOf));
  news.push(...clockNews(before, after));
  return news;
}

/** The clock's moments: the reflection reserve reached, the last minute begun, the time up. */
function clockNews(before: RoomMoment, after: RoomMoment): string[] {
  const { timer, reflectionMs } = after.state;
  if (timer.status === 'idle' || after.state.phase === 'ended') return [];
  const leftBefore = remainingMs(before.state.timer, before.now);
  const left = remainingMs(timer, after.now);
  const news: string[] = [];
  if (
    !isReflectionTime(before.state.timer, before.state.reflectionMs, before.now) &&
    isReflectionTime(timer, reflectionMs, after.now)
  )
    news.push('Time to reflect: stop investigating and leave the remaining time to agree actions.');
  if (leftBefore > LAST_MINUTE_MS && left <= LAST_MINUTE_MS && left > 0)
    news.push('One minute left on the workshop clock.');
  if (leftBefore > 0 && left <= 0) news.push('Time is up on the workshop clock.');
  return news;
}

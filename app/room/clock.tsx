'use client';

import { currentTurn } from '@/server/model/state';
import { isReflectionTime, remainingMs } from '@/server/model/timer';
import { formatRemaining } from '../lib/format';
import { useServerNow } from '../lib/use-server-now';
import { useRoomContext } from './room-context';

/**
 * The workshop clock, big and always visible, computed from server time so every screen agrees
 * whatever its own clock says; with the turn's timebox beneath it when one is set. The facilitator
 * sets it from the toolbar.
 */
export function Clock() {
  const { state, clockOffsetMs } = useRoomContext();
  const now = useServerNow(clockOffsetMs);
  const left = remainingMs(state.timer, now);
  const reflecting = isReflectionTime(state.timer, state.reflectionMs, now);
  const turn = currentTurn(state);
  const turnLeft = state.turnTimeboxMs !== null && turn ? state.turnTimeboxMs - (now - turn.startedAt) : null;
  const status = { idle: 'not started', running: 'running', paused: 'paused' }[state.timer.status];
  return (
    <section className="clock-block" aria-label="Workshop clock">
      <p
        className={`clock${left <= 0 ? ' clock-over' : reflecting ? ' clock-reflect' : ''}`}
        data-testid="clock"
      >
        <span className="visually-hidden">Time left: </span>
        {formatRemaining(left)}
      </p>
      <p className="clock-status">
        Clock {status}
        {turnLeft !== null && (
          <span data-testid="turn-timebox">
            {' '}
            · this turn {turnLeft > 0 ? `${formatRemaining(turnLeft)} left` : formatRemaining(turnLeft)}
          </span>
        )}
      </p>
    </section>
  );
}

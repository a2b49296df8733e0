'use client';

import { useEffect, useRef } from 'react';
import { isReflectionTime } from '@/server/workshop/timer';
import { playBeep } from '../lib/beep';
import { useMuted } from '../lib/use-muted';
import { useServerNow } from '../lib/use-server-now';
import { useRoomContext } from './room-context';

/**
 * "Time to reflect", on every screen once the clock reaches the reflection reserve, with one soft
 * beep at the crossing (mutable; the choice is kept in this browser). The facilitator gets the button
 * to move the room to the reflect phase.
 */
export function ReflectBanner() {
  const { state, isFacilitator, send, clockOffsetMs } = useRoomContext();
  const now = useServerNow(clockOffsetMs);
  const [muted, setMuted] = useMuted();
  const reflecting = isReflectionTime(state.timer, state.reflectionMs, now);
  const was = useRef<boolean | null>(null);
  useEffect(() => {
    // Beep on the crossing only: not when a page opens after it, not again on every render.
    if (was.current === false && reflecting && !muted) playBeep();
    was.current = reflecting;
  }, [reflecting, muted]);
  return (
    <div className="banner-row">
      {reflecting && (
        <section className="reflect-banner" role="status" data-testid="reflect-banner">
          <strong>Time to reflect</strong>
          <span>
            {state.phase === 'reflect'
              ? 'Agree the actions: an owner and a due date for each.'
              : 'Stop investigating: leave the remaining time to agree actions.'}
          </span>
          {isFacilitator && state.phase !== 'reflect' && (
            <button type="button" onClick={() => void send('phase:set', { phase: 'reflect' })}>
              Move to reflection
            </button>
          )}
        </section>
      )}
      <label className="mute-toggle">
        <input type="checkbox" checked={muted} onChange={(event) => setMuted(event.target.checked)} />
        Mute the reflection beep
      </label>
    </div>
  );
}

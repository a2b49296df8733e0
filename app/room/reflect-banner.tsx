'use client';

import { useEffect, useRef } from 'react';
import { isReflectionTime } from '@/server/model/timer';
import { playBeep } from '../lib/beep';
import { useMuted } from '../lib/use-muted';
import { useServerNow } from '../lib/use-server-now';
import { useRoomContext } from './room-context';

/**
 * "Time to reflect", on every screen once the clock reaches the reflection reserve, with one soft
 * beep at the crossing (mutable; the choice is kept in this browser). The facilitator moves the room
 * to the reflect phase from the toolbar.
 */
export function ReflectBanner() {
  const { state, isFacilitator, clockOffsetMs } = useRoomContext();
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
        <section className="reflect-banner" data-testid="reflect-banner">
          <strong>Time to reflect</strong>
          <span>
            {state.phase === 'reflect'
              ? 'Agree the actions: an owner and a due date for each.'
              : 'Stop investigating: leave the remaining time to agree actions.'}
          </span>
          {isFacilitator && state.phase !== 'reflect' && (
            <span>Move the room to reflection from the toolbar.</span>
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

'use client';

import { useRef, useState } from 'react';
import { isReflectionTime } from '@/server/model/timer';
import { useRovingFocus } from '../lib/use-roving-focus';
import { useServerNow } from '../lib/use-server-now';
import { AddCardForm } from './add-card-form';
import { ClockControls } from './clock-controls';
import { PhaseControls } from './phase-controls';
import { useRoomContext } from './room-context';
import { ToolbarGroup } from './toolbar-group';
import { TurnControls } from './turn-controls';

/**
 * Everything the facilitator does to run the current phase, together in one toolbar: the phase,
 * the turns, the clock and the hat. One Tab stop; the arrow keys, Home and End move inside it.
 * Nothing for anyone else: the server refuses these commands from participants anyway.
 */
export function FacilitatorToolbar() {
  const { isFacilitator } = useRoomContext();
  return isFacilitator ? <Toolbar /> : null;
}

function Toolbar() {
  const { state, send, clockOffsetMs } = useRoomContext();
  const ref = useRef<HTMLDivElement>(null);
  const [adding, setAdding] = useState(false);
  useRovingFocus(ref);
  const now = useServerNow(clockOffsetMs, 1_000);
  const reflecting = isReflectionTime(state.timer, state.reflectionMs, now);
  const inPlay = state.phase === 'draw' || state.phase === 'investigate';
  const hatOpen = state.phase !== 'reflect';
  return (
    <div className="toolbar-block">
      <div
        ref={ref}
        className="toolbar"
        role="toolbar"
        aria-label="Facilitator controls"
        data-testid="facilitator-toolbar"
      >
        <PhaseControls reflecting={reflecting} />
        {inPlay && <TurnControls />}
        <ClockControls />
        {hatOpen && (
          <ToolbarGroup label="Hat">
            <button type="button" className="secondary" onClick={() => void send('hat:fill', {})}>
              Fill the hat
            </button>
            <button
              type="button"
              className="secondary"
              aria-expanded={adding}
              aria-controls={adding ? 'add-card' : undefined}
              onClick={() => setAdding(!adding)}
            >
              Add a card
            </button>
          </ToolbarGroup>
        )}
      </div>
      {hatOpen && adding && <AddCardForm onDone={() => setAdding(false)} />}
    </div>
  );
}

'use client';

import { useState } from 'react';
import type { Phase } from '@/server/workshop/state';
import { useRoomContext } from './room-context';

const STEPS: { phase: Phase; label: string }[] = [
  { phase: 'lobby', label: 'Lobby' },
  { phase: 'draw', label: 'Draw' },
  { phase: 'investigate', label: 'Investigate' },
  { phase: 'reflect', label: 'Reflect' },
  { phase: 'ended', label: 'Ended' },
];

/**
 * Where the workshop is, for everyone; the facilitator also gets the button to the next phase and
 * "End workshop", which asks for confirmation first.
 */
export function PhaseStepper() {
  const { state, isFacilitator, send } = useRoomContext();
  const [confirming, setConfirming] = useState(false);
  const index = STEPS.findIndex((s) => s.phase === state.phase);
  const next = STEPS[index + 1];
  return (
    <nav className="stepper-row" aria-label="Workshop phase">
      <ol className="stepper" data-testid="phase">
        {STEPS.map((step, i) => (
          <li
            key={step.phase}
            className={i === index ? 'current' : i < index ? 'done' : ''}
            aria-current={i === index ? 'step' : undefined}
          >
            {step.label}
          </li>
        ))}
      </ol>
      {isFacilitator && next && next.phase !== 'ended' && (
        <button type="button" onClick={() => void send('phase:set', { phase: next.phase as 'draw' })}>
          Move to {next.label.toLowerCase()}
        </button>
      )}
      {isFacilitator && !confirming && (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          End workshop
        </button>
      )}
      {isFacilitator && confirming && (
        <span className="confirm">
          <span>End the workshop for everyone?</span>
          <button type="button" onClick={() => void send('workshop:end', {})}>
            Yes, end it
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      )}
    </nav>
  );
}

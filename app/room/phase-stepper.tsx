'use client';

import type { Phase } from '@/server/model/state';
import { useRoomContext } from './room-context';

const STEPS: { phase: Phase; label: string }[] = [
  { phase: 'lobby', label: 'Lobby' },
  { phase: 'draw', label: 'Draw' },
  { phase: 'investigate', label: 'Investigate' },
  { phase: 'reflect', label: 'Reflect' },
  { phase: 'ended', label: 'Ended' },
];

/** Where the workshop is, for everyone. The facilitator moves it on from the toolbar. */
export function PhaseStepper() {
  const { state } = useRoomContext();
  const index = STEPS.findIndex((s) => s.phase === state.phase);
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
    </nav>
  );
}

'use client';

import { PHASES, type Phase } from '@/server/contract/vocabulary';
import { useRoomContext } from './room-context';

const LABELS: Record<Phase, string> = {
  lobby: 'Lobby',
  draw: 'Draw',
  investigate: 'Investigate',
  reflect: 'Reflect',
  ended: 'Ended',
};
const STEPS = PHASES.map((phase) => ({ phase, label: LABELS[phase] }));

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

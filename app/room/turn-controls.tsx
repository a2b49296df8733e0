'use client';

import { currentTurn } from '@/server/model/state';
import { useRoomContext } from './room-context';
import { ToolbarGroup } from './toolbar-group';

/** The facilitator's turn controls: start the turns (or the next one), pass the laptop, let the driver pass. */
export function TurnControls() {
  const { state, send } = useRoomContext();
  const turn = currentTurn(state);
  return (
    <ToolbarGroup label="Turns">
      {!turn && state.turnOrder.length > 0 && (
        <button type="button" onClick={() => void send('turn:start', {})}>
          {state.turns.length === 0 ? 'Start turns' : 'Start next turn'}
        </button>
      )}
      {turn && (
        <button type="button" onClick={() => void send('turn:pass', {})}>
          Pass the laptop
        </button>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={state.driverMayPass}
          onChange={(event) => void send('turn:driver-may-pass', { allowed: event.target.checked })}
        />
        The driver may pass the laptop
      </label>
    </ToolbarGroup>
  );
}

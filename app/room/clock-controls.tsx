'use client';

import { useRoomContext } from './room-context';
import { ToolbarGroup } from './toolbar-group';

/** The facilitator's clock buttons: start, pause, resume, ±1 minute, +5 and the turn timebox. */
export function ClockControls() {
  const { state, send } = useRoomContext();
  const { status } = state.timer;
  const timebox = state.turnTimeboxMs === null ? '' : String(state.turnTimeboxMs / 60_000);
  return (
    <ToolbarGroup label="Clock">
      {status === 'idle' && (
        <button type="button" onClick={() => void send('timer:start', {})}>
          Start clock
        </button>
      )}
      {status === 'running' && (
        <button type="button" onClick={() => void send('timer:pause', {})}>
          Pause clock
        </button>
      )}
      {status === 'paused' && (
        <button type="button" onClick={() => void send('timer:resume', {})}>
          Resume clock
        </button>
      )}
      <button
        type="button"
        className="secondary"
        aria-label="Add one minute"
        onClick={() => void send('timer:adjust', { minutes: 1 })}
      >
        +1 min
      </button>
      <button
        type="button"
        className="secondary"
        aria-label="Remove one minute"
        onClick={() => void send('timer:adjust', { minutes: -1 })}
      >
        −1 min
      </button>
      <button
        type="button"
        className="secondary"
        aria-label="Add five minutes"
        onClick={() => void send('timer:adjust', { minutes: 5 })}
      >
        +5
      </button>
      <label className="inline-field">
        Turn timebox
        <select
          value={timebox}
          onChange={(event) =>
            void send('timer:timebox', { minutes: event.target.value ? Number(event.target.value) : null })
          }
        >
          <option value="">none</option>
          {[5, 10, 15, 20].map((m) => (
            <option key={m} value={m}>
              {m} min
            </option>
          ))}
        </select>
      </label>
    </ToolbarGroup>
  );
}

'use client';

import { currentTurn } from '@/server/model/state';
import { EmptyState } from '../lib/empty-state';
import { useRoomContext } from './room-context';

/**
 * Who drives and in which order (facilitator first, then draw order). The facilitator reorders it
 * here (turns start and pass from the toolbar); a driver the facilitator lets pass gets the button.
 */
export function TurnOrder() {
  const { state, nameOf, isFacilitator, meId, send, people } = useRoomContext();
  const turn = currentTurn(state);
  const done = new Set(state.turns.filter((t) => t.endedAt !== null).map((t) => t.participantId));
  const order = state.turnOrder;
  const move = (from: number, to: number) => {
    const next = [...order];
    const [id] = next.splice(from, 1);
    if (id === undefined) return;
    next.splice(to, 0, id);
    void send('turn:reorder', { order: next });
  };
  // Observers (late joiners) are not in the order until the facilitator adds them.
  const outside = people.filter((person) => !order.includes(person.id));
  // The facilitator passes it from the toolbar; a driver allowed to passes it from here.
  const canPass = !isFacilitator && state.driverMayPass && turn?.participantId === meId;
  return (
    <section className="panel" aria-labelledby="turns-title">
      <h2 id="turns-title">Turn order</h2>
      {order.length === 0 && (
        <EmptyState>
          Nobody in the order yet: everyone who draws a card joins it, the facilitator first.
        </EmptyState>
      )}
      <ol className="turn-order" data-testid="turn-order">
        {order.map((id, i) => (
          <li
            key={id}
            className={turn?.participantId === id ? 'current' : done.has(id) ? 'done' : ''}
            aria-current={turn?.participantId === id ? 'true' : undefined}
          >
            <span className="person-name">{nameOf(id)}</span>
            {turn?.participantId === id && <span className="badge badge-driver">driving</span>}
            {done.has(id) && turn?.participantId !== id && <span className="muted">done</span>}
            {isFacilitator && (
              <span className="reorder">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${nameOf(id)} up`}
                  disabled={i === 0}
                  onClick={() => move(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${nameOf(id)} down`}
                  disabled={i === order.length - 1}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {isFacilitator && outside.length > 0 && (
        <label className="inline-field">
          <span>Add to the turn order</span>
          <select
            value=""
            onChange={(event) => {
              if (event.target.value) void send('turn:reorder', { order: [...order, event.target.value] });
            }}
          >
            <option value="">Choose someone</option>
            {outside.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {canPass && (
        <div className="button-row">
          <button type="button" onClick={() => void send('turn:pass', {})}>
            Pass the laptop
          </button>
        </div>
      )}
    </section>
  );
}

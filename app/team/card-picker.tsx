'use client';

import type { LibraryCardView } from '@/server/contract/team';

/** Checkboxes to pick the deck; the order of picking is the order the cards go into the hat. */
export function CardPicker(props: {
  cards: LibraryCardView[];
  picked: string[];
  onChange: (ids: string[]) => void;
}) {
  const { cards, picked, onChange } = props;
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...picked, id] : picked.filter((other) => other !== id));
  return (
    <fieldset className="card-picker">
      <legend>
        Cards for the hat <span className="count">({picked.length} picked)</span>
      </legend>
      {cards.length === 0 && <p className="muted small">The library has no cards yet.</p>}
      <ul>
        {cards.map((card) => (
          <li key={card.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={picked.includes(card.id)}
                onChange={(e) => toggle(card.id, e.target.checked)}
              />
              {card.title}
              <span className="small muted">
                {card.runCount === 0 ? 'never run' : `run ${card.runCount}×`}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

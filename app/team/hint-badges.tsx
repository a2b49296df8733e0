import type { CardHint } from '@/server/contract/team';
import { HINT_TEXT } from './hint-text';

/** A card's preparation hints, one badge each; nothing when the card is ready as it is. */
export function HintBadges({ hints }: { hints: CardHint[] }) {
  if (hints.length === 0) return null;
  return (
    <ul className="hint-badges" aria-label="Hints">
      {hints.map((hint) => (
        <li key={hint} className={`hint hint-${hint}`} data-testid="card-hint">
          {HINT_TEXT[hint].sentence}
        </li>
      ))}
    </ul>
  );
}

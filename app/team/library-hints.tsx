'use client';

import { CARD_HINTS, type CardHint, type LibraryReadiness } from '@/server/contract/team';
import { HINT_TEXT } from './hint-text';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The library against the next workshop, as the summary line says it. */
function readinessSentence(readiness: LibraryReadiness, isAdmin: boolean): string {
  const { expectedParticipants, expectedFrom, scenariosNeeded, ready, toWrite } = readiness;
  const why = '(with evidence, not run in the last two workshops)';
  if (expectedParticipants === null || scenariosNeeded === null || toWrite === null) {
    const ask = isAdmin
      ? 'Set the people expected beside the next workshop’s date to see how many you need: two per person.'
      : 'Plan two per person expected.';
    return `Next workshop: ${count(ready, 'scenario', 'scenarios')} ready ${why}. ${ask}`;
  }
  const people = `${count(expectedParticipants, 'person', 'people')} expected${
    expectedFrom === 'last-workshop' ? ' (as many as at the last workshop)' : ''
  }`;
  const verdict = toWrite > 0 ? `write ${toWrite} more.` : 'enough for everyone.';
  return `Next workshop: ${people} → ${scenariosNeeded} scenarios needed; ${ready} ready ${why}: ${verdict}`;
}

/**
 * The summary line at the top of the library and one toggle per hint that shows only the cards
 * carrying it.
 */
export function LibraryHints(props: {
  readiness: LibraryReadiness;
  isAdmin: boolean;
  filter: CardHint | null;
  onFilter: (hint: CardHint | null) => void;
}) {
  const { readiness, isAdmin, filter, onFilter } = props;
  const { toWrite } = readiness;
  // Amber while scenarios are missing, green once there are enough, plain while nobody is expected.
  const tone = toWrite === null ? 'readiness' : toWrite > 0 ? 'warning' : 'readiness readiness-enough';
  return (
    <div className="library-hints">
      <p className={tone} data-testid="library-readiness">
        {readinessSentence(readiness, isAdmin)}
      </p>
      <fieldset className="hint-filters">
        <legend>Show only the cards:</legend>
        {CARD_HINTS.map((hint) => {
          const n = readiness.hintCounts[hint];
          return (
            <button
              key={hint}
              type="button"
              className="secondary hint-filter"
              aria-pressed={filter === hint}
              disabled={n === 0 && filter !== hint}
              onClick={() => onFilter(filter === hint ? null : hint)}
            >
              {HINT_TEXT[hint].name} ({n})
            </button>
          );
        })}
      </fieldset>
    </div>
  );
}

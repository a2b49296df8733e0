import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { formatOffset } from './format';

/** One turn of a past workshop: the driver, the scenario and the timeline stamped from the turn's start. */
export function RecordTurn({ turn }: { turn: WorkshopSummary['turns'][number] }) {
  return (
    <article className="record-turn" data-testid="record-turn">
      <h3>
        Turn {turn.position + 1}: {turn.participantName}
        {turn.scenario && ` — ${turn.scenario.title}`}
      </h3>
      {turn.scenario?.summary && <p className="muted">{turn.scenario.summary}</p>}
      {turn.events.length === 0 ? (
        <p className="muted small">Nothing was logged in this turn.</p>
      ) : (
        <ol className="record-timeline">
          {turn.events.map((event, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a past turn's timeline is fixed; events have no id.
            <li key={`${event.atMs}-${index}`} className={`record-event record-${event.kind}`}>
              <span className="stamp">{formatOffset(event.atMs)}</span>{' '}
              {event.kind === 'reveal' ? (
                <span>
                  Revealed {event.evidenceKind ?? 'evidence'}: <strong>{event.label ?? event.text}</strong>
                </span>
              ) : (
                <span>
                  {event.text}
                  {event.authorName && <span className="small muted"> ({event.authorName})</span>}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { formatSince } from '../lib/format';

/** Each turn of an ended workshop with its timeline of steps and reveals. */
export function SummaryTurns({ turns }: { turns: WorkshopSummary['turns'] }) {
  return (
    <section className="panel" aria-labelledby="sum-turns">
      <h2 id="sum-turns">Turns</h2>
      {turns.length === 0 && <p className="muted">No turn was played.</p>}
      {turns.map((turn) => (
        <article key={turn.id} className="summary-turn" data-testid="summary-turn">
          <h3>
            {turn.position + 1}. {turn.participantName}
            {turn.scenario ? ` — ${turn.scenario.title}` : ''}
          </h3>
          {turn.scenario?.summary && <p className="muted">{turn.scenario.summary}</p>}
          <ol className="timeline-items">
            {turn.events.map((event, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a stored record, never reordered
              <li key={i} className={`timeline-item ${event.kind}`}>
                <span className="stamp">{formatSince(event.atMs)}</span>
                <span>
                  {event.kind === 'reveal'
                    ? `Revealed ${event.evidenceKind ?? ''}: ${event.label ?? ''}`
                    : event.text}
                </span>
                {event.authorName && <span className="muted small">{event.authorName}</span>}
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}

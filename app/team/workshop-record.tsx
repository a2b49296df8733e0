import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { formatDate, formatDateTime } from './format';
import { RecordTurn } from './record-turn';
import { RecordWalls } from './record-walls';

/** A past workshop, read-only: who was there, who drew what, each turn's timeline, walls, actions. */
export function WorkshopRecord({ summary }: { summary: WorkshopSummary }) {
  return (
    <article className="workshop-record" data-testid="workshop-record">
      <header className="card">
        <p className="eyebrow">Workshop record</p>
        <h1>{summary.title}</h1>
        <p className="muted">
          {formatDateTime(summary.createdAt)}
          {summary.endedAt && ` – ended ${formatDateTime(summary.endedAt)}`}
        </p>
      </header>
      <div className="record-grid">
        <section className="card" aria-labelledby="record-people">
          <h2 id="record-people">Participants ({summary.participants.length})</h2>
          <ul>
            {summary.participants.map((p) => (
              <li key={p.id}>{p.name}</li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="record-draws">
          <h2 id="record-draws">The draw</h2>
          {summary.draws.length === 0 && <p className="muted">No card was drawn.</p>}
          <ol>
            {summary.draws.map((d) => (
              <li key={d.seq}>
                {d.participantName} drew <strong>{d.scenarioTitle}</strong>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section className="card" aria-labelledby="record-turns">
        <h2 id="record-turns">Turns</h2>
        {summary.turns.length === 0 && <p className="muted">No turn was taken.</p>}
        {summary.turns.map((turn) => (
          <RecordTurn key={turn.id} turn={turn} />
        ))}
      </section>
      <RecordWalls notes={summary.notes} />
      <section className="card" aria-labelledby="record-actions">
        <h2 id="record-actions">Actions ({summary.actions.length})</h2>
        {summary.actions.length === 0 && <p className="muted">No action was agreed.</p>}
        <ul className="record-actions">
          {summary.actions.map((a) => (
            <li key={a.id}>
              <strong>{a.text}</strong>
              <span className="small muted">
                {' '}
                — {a.ownerName ?? 'no owner'}, due {formatDate(a.dueDate)}, {a.priority} priority, {a.votes}{' '}
                {a.votes === 1 ? 'vote' : 'votes'}, {a.status.replace('_', ' ')}
                {a.scenarioTitle && ` (from ${a.scenarioTitle})`}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

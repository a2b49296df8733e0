import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { NOTE_WALLS, type NoteWall, WALL_TITLES } from '@/server/contract/vocabulary';

type Notes = WorkshopSummary['notes'];

function NoteList({ notes, wall }: { notes: Notes; wall: NoteWall }) {
  const mine = notes.filter((n) => n.wall === wall);
  if (mine.length === 0) return <p className="muted">Nothing here.</p>;
  return (
    <ul className="notes">
      {mine.map((note) => (
        <li key={note.id} className={`note note-${wall}`} data-testid="summary-note">
          {note.scenarioTitle && <p className="note-scenario">{note.scenarioTitle}</p>}
          <p className="note-read">{note.text}</p>
          <footer>
            <span>{note.authorName}</span>
            {note.group && <span>{note.group}</span>}
          </footer>
        </li>
      ))}
    </ul>
  );
}

/** Both walls and the actions (most votes first) of an ended workshop. */
export function SummaryWalls({ notes, actions }: { notes: Notes; actions: WorkshopSummary['actions'] }) {
  const sorted = [...actions].sort((a, b) => b.votes - a.votes);
  return (
    <div className="walls">
      {NOTE_WALLS.map((wall) => (
        <section
          key={wall}
          className={`wall wall-${wall}`}
          aria-labelledby={`sum-${wall}`}
          data-testid={`summary-${wall}`}
        >
          <h2 id={`sum-${wall}`}>{WALL_TITLES[wall]}</h2>
          <NoteList notes={notes} wall={wall} />
        </section>
      ))}
      <section className="wall wall-actions" aria-labelledby="sum-actions" data-testid="summary-actions">
        <h2 id="sum-actions">{WALL_TITLES.actions}</h2>
        {sorted.length === 0 && <p className="muted">No action agreed.</p>}
        <ol className="notes">
          {sorted.map((action) => (
            <li key={action.id} className="note note-actions" data-testid="summary-action">
              <p className="note-read">{action.text}</p>
              <p className="small">
                {action.votes} {action.votes === 1 ? 'vote' : 'votes'} · owner {action.ownerName ?? 'nobody'}{' '}
                · due {action.dueDate ?? 'no date'} · {action.priority} priority
              </p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

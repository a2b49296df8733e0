import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { NOTE_WALLS, WALL_TITLES } from '@/server/contract/vocabulary';

/** Both walls of a past workshop, their notes grouped as the team grouped them. */
export function RecordWalls({ notes }: { notes: WorkshopSummary['notes'] }) {
  return (
    <div className="record-grid">
      {NOTE_WALLS.map((wall) => {
        const onWall = notes.filter((n) => n.wall === wall);
        return (
          <section key={wall} className={`card record-wall wall-${wall}`} aria-labelledby={`record-${wall}`}>
            <h2 id={`record-${wall}`}>
              {WALL_TITLES[wall]} ({onWall.length})
            </h2>
            {onWall.length === 0 && <p className="muted">No notes.</p>}
            <ul>
              {onWall.map((note) => (
                <li key={note.id}>
                  {note.group && <span className="badge">{note.group}</span>} {note.text}
                  {note.scenarioTitle && <span className="small muted"> — {note.scenarioTitle}</span>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

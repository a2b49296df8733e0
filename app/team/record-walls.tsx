import type { WorkshopSummary } from '@/server/contract/protocol';

const WALLS = [
  { id: 'crappy', title: "What's crappy" },
  { id: 'awesome', title: "What's awesome" },
] as const;

/** Both walls of a past workshop, their notes grouped as the team grouped them. */
export function RecordWalls({ notes }: { notes: WorkshopSummary['notes'] }) {
  return (
    <div className="record-grid">
      {WALLS.map((wall) => {
        const onWall = notes.filter((n) => n.wall === wall.id);
        return (
          <section
            key={wall.id}
            className={`card record-wall wall-${wall.id}`}
            aria-labelledby={`record-${wall.id}`}
          >
            <h2 id={`record-${wall.id}`}>
              {wall.title} ({onWall.length})
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

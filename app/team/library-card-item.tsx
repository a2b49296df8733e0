'use client';

import type { LibraryCardView } from '@/server/contract/team';
import { DownloadButton } from './download-button';
import { formatDate } from './format';
import { HintBadges } from './hint-badges';

/** One card of the library: what it is about, its evidence count, how often it ran, its hints; admin tools. */
export function LibraryCardItem(props: {
  card: LibraryCardView;
  teamId: string;
  token: string;
  isAdmin: boolean;
  onEdit: () => void;
  onDuplicate: () => void;
  onArchive: (archived: boolean) => void;
}) {
  const { card, teamId, token, isAdmin } = props;
  const runs =
    card.runCount === 0
      ? 'never run'
      : `run ${card.runCount} ${card.runCount === 1 ? 'time' : 'times'}, last ${formatDate(card.lastRunAt)}`;
  return (
    <li className={`library-card${card.archived ? ' archived' : ''}`} data-testid="library-card">
      <div className="library-card-head">
        <h3>{card.title}</h3>
        <span className={`severity severity-${card.severity}`}>{card.severity}</span>
        {card.archived && <span className="badge">archived</span>}
      </div>
      {card.summary && <p className="library-card-summary">{card.summary}</p>}
      <p className="small muted library-card-meta">
        <span>{card.happenedOn ? `Happened on ${formatDate(card.happenedOn)}` : 'Made up'}</span>
        <span>
          {card.evidence.length} evidence {card.evidence.length === 1 ? 'item' : 'items'}
        </span>
        <span data-testid="run-count">{runs}</span>
      </p>
      <HintBadges hints={card.hints} />
      {card.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {card.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {isAdmin && (
          <>
            <button
              type="button"
              className="secondary"
              onClick={props.onEdit}
              aria-label={`Edit ${card.title}`}
            >
              Edit
            </button>
            <button
              type="button"
              className="secondary"
              onClick={props.onDuplicate}
              aria-label={`Duplicate ${card.title}`}
            >
              Duplicate
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => props.onArchive(!card.archived)}
              aria-label={`${card.archived ? 'Restore' : 'Archive'} ${card.title}`}
            >
              {card.archived ? 'Restore' : 'Archive'}
            </button>
          </>
        )}
        <DownloadButton
          path={`/api/teams/${teamId}/cards/${card.id}?format=md`}
          token={token}
          fallbackName="card.md"
          label="Markdown"
          accessibleLabel={`Download ${card.title} as Markdown`}
        />
      </div>
    </li>
  );
}

'use client';

import type { TeamWorkshopView } from '@/server/contract/team';
import { EmptyState } from '../lib/empty-state';
import { formatDate, formatDateTime } from './format';
import { LoadingNote } from './loading-note';
import type { SectionProps } from './section-props';
import { useApiData } from './use-api-data';

/** The next workshop's date, then every workshop of the team, newest first, with links to records. */
export function WorkshopsSection(props: SectionProps & { nextWorkshopAt: string | null }) {
  const { teamId, token, version } = props;
  const list = useApiData<{ nextWorkshopAt: string | null; workshops: TeamWorkshopView[] }>(
    `/api/teams/${teamId}/workshops`,
    token,
    version,
  );
  const next = props.nextWorkshopAt ?? list.data?.nextWorkshopAt ?? null;
  const workshops = [...(list.data?.workshops ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card team-section workshops" aria-labelledby="workshops-title">
      <h2 id="workshops-title">Workshops</h2>
      <p>
        <strong>Upcoming:</strong> {next ? formatDateTime(next) : 'no date set yet'}
      </p>
      {list.error && (
        <p className="error" role="alert">
          {list.error}
        </p>
      )}
      {!list.data && !list.error && <LoadingNote what="the workshops" />}
      {list.data && workshops.length === 0 && (
        <EmptyState>
          {props.isAdmin
            ? 'No workshop yet: build the first one under New workshop, from about two cards per person.'
            : 'No workshop yet: your team admin creates them from this page; the records appear here.'}
        </EmptyState>
      )}
      <ul className="workshop-list" data-testid="workshop-list">
        {workshops.map((w) => (
          <li key={w.id} data-testid="workshop-item">
            <div>
              <strong>{w.title}</strong>{' '}
              {w.endedAt ? (
                <span className="badge">ended {formatDate(w.endedAt)}</span>
              ) : (
                <span className="badge badge-running">running</span>
              )}
            </div>
            <p className="small muted">
              {formatDate(w.createdAt)} · {w.participantCount}{' '}
              {w.participantCount === 1 ? 'participant' : 'participants'} · {w.actionCount}{' '}
              {w.actionCount === 1 ? 'action' : 'actions'}
            </p>
            {w.endedAt ? (
              <a href={`/t/${teamId}/w/${w.id}`}>View the record of {w.title}</a>
            ) : (
              <a href={`/w/${w.id}`}>Open the room of {w.title}</a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

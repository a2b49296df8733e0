'use client';

import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { DownloadButton } from './download-button';
import { RefusedPage } from './refused-page';
import { useApiData } from './use-api-data';
import { useTeamToken } from './use-team-token';
import { WorkshopRecord } from './workshop-record';

/** The read-only record of one past workshop, opened from the team page with the team's link. */
export function RecordPage({ teamId, workshopId }: { teamId: string; workshopId: string }) {
  const token = useTeamToken(teamId);
  if (token === undefined)
    return (
      <p className="centered" role="status">
        Opening the record…
      </p>
    );
  if (token === null) return <RefusedPage message="This page needs the team link, with its token." />;
  return <RecordLoader teamId={teamId} workshopId={workshopId} token={token} />;
}

function RecordLoader({ teamId, workshopId, token }: { teamId: string; workshopId: string; token: string }) {
  const summary = useApiData<WorkshopSummary>(`/api/workshops/${workshopId}/summary`, token);
  if (summary.error) return <RefusedPage message={summary.error} />;
  if (!summary.data)
    return (
      <p className="centered" role="status">
        Opening the record…
      </p>
    );
  const base = `/api/workshops/${workshopId}/export`;
  return (
    <main className="team-page record-page">
      <p>
        <a href={`/t/${teamId}`}>← Back to the team</a>
      </p>
      <div className="button-row">
        <span className="small muted">Export:</span>
        <DownloadButton
          path={`${base}?format=md`}
          token={token}
          fallbackName="workshop.md"
          label="Markdown"
          accessibleLabel="Export the record as Markdown"
        />
        <DownloadButton
          path={`${base}?format=json`}
          token={token}
          fallbackName="workshop.json"
          label="JSON"
          accessibleLabel="Export the record as JSON"
        />
      </div>
      <WorkshopRecord summary={summary.data} />
    </main>
  );
}

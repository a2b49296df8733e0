'use client';

import { useState } from 'react';
import type { CalendarView } from '@/server/contract/notify';
import { callApi } from '../lib/api';
import { CopyField } from './copy-field';
import { DownloadButton } from './download-button';
import { LoadingNote } from './loading-note';
import { useApiData } from './use-api-data';

/** The team's calendar feed (secret URL, rotatable) and the next workshop as an .ics download. */
export function CalendarPanel({
  teamId,
  token,
  version,
}: {
  teamId: string;
  token: string;
  version: number;
}) {
  const view = useApiData<CalendarView>(`/api/teams/${teamId}/calendar`, token, version);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const rotate = async () => {
    const result = await callApi<CalendarView>(`/api/teams/${teamId}/calendar`, { method: 'POST', token });
    if (!result.ok) return setNote({ error: true, text: result.error.message });
    setNote({ error: false, text: 'New address made: the old one no longer works.' });
    view.reload();
  };
  return (
    <div className="calendar-panel" data-testid="calendar">
      <h3>Calendar</h3>
      <p className="small muted">
        Subscribe to this address in any calendar app to see the next workshop and its monthly repeat. Anyone
        with the address can read the schedule; make a new one if it spread too far.
      </p>
      {view.error && (
        <p className="error" role="alert">
          {view.error}
        </p>
      )}
      {view.data ? (
        <CopyField label="Calendar feed" value={view.data.feedUrl} testId="calendar-feed" />
      ) : (
        !view.error && <LoadingNote what="the calendar address" />
      )}
      <div className="webhook-actions">
        <DownloadButton
          path={`/api/teams/${teamId}/calendar/next.ics`}
          token={token}
          fallbackName="firedrill-next-workshop.ics"
          label="Add next workshop (.ics)"
        />
        <button type="button" className="link-button" onClick={rotate}>
          Make a new address
        </button>
        {note && (
          <span role={note.error ? 'alert' : 'status'} className={note.error ? 'error' : 'muted'}>
            {note.text}
          </span>
        )}
      </div>
    </div>
  );
}

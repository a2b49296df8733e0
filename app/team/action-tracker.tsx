'use client';

import { useState } from 'react';
import type { ActionView } from '@/server/contract/team';
import { isOpenStatus } from '@/server/contract/vocabulary';
import { callApi } from '../lib/api';
import { EmptyState } from '../lib/empty-state';
import { ActionRow } from './action-row';
import { DownloadButton } from './download-button';
import { LoadingNote } from './loading-note';
import type { SectionProps } from './section-props';
import { useApiData } from './use-api-data';

/** Every action the team agreed, with status, owner and due date (editable by the admin). */
export function ActionTracker({ teamId, token, isAdmin, version, onChange }: SectionProps) {
  const actions = useApiData<ActionView[]>(`/api/teams/${teamId}/actions`, token, version);
  const [error, setError] = useState<string | null>(null);

  const update = async (
    actionId: string,
    patch: Partial<Pick<ActionView, 'status' | 'ownerName' | 'dueDate'>>,
  ) => {
    const result = await callApi(`/api/teams/${teamId}/actions/${actionId}`, {
      method: 'PATCH',
      body: patch,
      token,
    });
    setError(result.ok ? null : result.error.message);
    // Completion rates in the confidence chart depend on statuses, so every section reloads.
    onChange();
  };

  const list = actions.data ?? [];
  const open = list.filter((a) => isOpenStatus(a.status)).length;
  return (
    <section className="card team-section tracker" aria-labelledby="tracker-title">
      <div className="section-head">
        <h2 id="tracker-title">
          Action tracker{' '}
          <span className="count">
            ({open} open of {list.length})
          </span>
        </h2>
        <DownloadButton
          path={`/api/teams/${teamId}/actions?format=csv`}
          token={token}
          fallbackName="firedrill-actions.csv"
          label="Export CSV"
          accessibleLabel="Export the actions as CSV"
        />
      </div>
      {(error ?? actions.error) && (
        <p className="error" role="alert">
          {error ?? actions.error}
        </p>
      )}
      {!actions.data && !actions.error && <LoadingNote what="the actions" />}
      {actions.data && list.length === 0 && (
        <EmptyState>
          No actions yet: agree them on the Actions wall during a workshop&rsquo;s reflection; they appear
          here when it ends, to follow up month by month.
        </EmptyState>
      )}
      {list.length > 0 && (
        // Focusable, so a keyboard can scroll the table sideways on a narrow screen.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
        <section className="table-scroll" aria-label="Action tracker table" tabIndex={0}>
          <table className="actions-table" data-testid="actions-table">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Workshop</th>
                <th scope="col">Scenario</th>
              </tr>
            </thead>
            <tbody>
              {list.map((action) => (
                <ActionRow
                  key={action.id}
                  action={action}
                  isAdmin={isAdmin}
                  onUpdate={(p) => update(action.id, p)}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

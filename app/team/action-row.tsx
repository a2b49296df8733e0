'use client';

import { useEffect, useState } from 'react';
import { Limits } from '@/server/contract/limits';
import type { ActionView } from '@/server/contract/team';
import { ACTION_STATUS_LABELS, ACTION_STATUSES } from '@/server/contract/vocabulary';
import { formatDate } from './format';

type Patch = Partial<Pick<ActionView, 'status' | 'ownerName' | 'dueDate'>>;

/** One action in the tracker; the admin changes its owner, due date and status in place. */
export function ActionRow({
  action,
  isAdmin,
  onUpdate,
}: {
  action: ActionView;
  isAdmin: boolean;
  onUpdate: (patch: Patch) => void;
}) {
  const [owner, setOwner] = useState(action.ownerName ?? '');
  // An owner set elsewhere (another browser, live) replaces what the field shows.
  useEffect(() => setOwner(action.ownerName ?? ''), [action.ownerName]);
  const saveOwner = () => {
    const next = owner.trim() || null;
    if (next !== action.ownerName) onUpdate({ ownerName: next });
  };
  return (
    <tr data-testid="action-row" className={`status-${action.status}`}>
      <th scope="row">{action.text}</th>
      <td>
        {isAdmin ? (
          <input
            aria-label={`Owner of ${action.text}`}
            value={owner}
            maxLength={Limits.nameChars}
            onChange={(e) => setOwner(e.target.value)}
            onBlur={saveOwner}
            onKeyDown={(e) => e.key === 'Enter' && saveOwner()}
          />
        ) : (
          (action.ownerName ?? '—')
        )}
      </td>
      <td>
        {isAdmin ? (
          <input
            type="date"
            aria-label={`Due date of ${action.text}`}
            defaultValue={action.dueDate ?? ''}
            onChange={(e) => onUpdate({ dueDate: e.target.value || null })}
          />
        ) : (
          formatDate(action.dueDate)
        )}
      </td>
      <td>
        {isAdmin ? (
          <select
            aria-label={`Status of ${action.text}`}
            value={action.status}
            onChange={(e) => onUpdate({ status: e.target.value as ActionView['status'] })}
          >
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        ) : (
          <span className={`status status-${action.status}`}>{ACTION_STATUS_LABELS[action.status]}</span>
        )}
      </td>
      <td>{action.workshopTitle}</td>
      <td>{action.scenarioTitle ?? '—'}</td>
    </tr>
  );
}

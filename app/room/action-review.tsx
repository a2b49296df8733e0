'use client';

// The team stylesheet carries these components' rules, so the room needs no change to globals.css.
import '../team/team.css';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, isOpenStatus } from '@/server/contract/vocabulary';
import type { ReviewItem } from '@/server/model/state';

const formatDue = (date: string | null) =>
  date
    ? new Date(`${date}T12:00:00`).toLocaleDateString(undefined, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      })
    : 'no due date';

/**
 * The lobby's review of the open actions from the team's earlier workshops, to tick off together
 * before the new workshop starts. `onSetStatus` sends the change (the room wires it to the
 * 'review:set-status' command); `disabled` shows the list read-only (e.g. to non-facilitators).
 */
export function ActionReview(props: {
  review: ReviewItem[];
  onSetStatus: (actionId: string, status: ReviewItem['status']) => void;
  disabled?: boolean;
}) {
  const { review, onSetStatus, disabled = false } = props;
  const open = review.filter((item) => isOpenStatus(item.status)).length;
  return (
    <section
      className="panel action-review"
      aria-labelledby="action-review-title"
      data-testid="action-review"
    >
      <h2 id="action-review-title">
        Open actions from earlier workshops <span className="count">({open} still open)</span>
      </h2>
      {review.length === 0 ? (
        <p className="muted">No open actions from earlier workshops: a clean slate.</p>
      ) : (
        <ul className="review-list">
          {review.map((item) => (
            <li key={item.id} className={`review-item status-${item.status}`} data-testid="review-item">
              <p className="review-text">{item.text}</p>
              <p className="small muted">
                {item.ownerName ?? 'No owner'} · {formatDue(item.dueDate)} · from {item.workshopTitle}
              </p>
              <div className="button-row">
                <label className="inline-field">
                  <span className="visually-hidden">Status of {item.text}</span>
                  <select
                    value={item.status}
                    disabled={disabled}
                    onChange={(event) => onSetStatus(item.id, event.target.value as ReviewItem['status'])}
                  >
                    {ACTION_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {ACTION_STATUS_LABELS[status]}
                      </option>
                    ))}
                  </select>
                </label>
                {item.status !== 'done' && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={disabled}
                    aria-label={`Mark “${item.text}” done`}
                    onClick={() => onSetStatus(item.id, 'done')}
                  >
                    Done
                  </button>
                )}
                {item.status !== 'dropped' && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={disabled}
                    aria-label={`Drop “${item.text}”`}
                    onClick={() => onSetStatus(item.id, 'dropped')}
                  >
                    Dropped
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

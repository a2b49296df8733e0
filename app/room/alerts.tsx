'use client';

/** A message shown to the user, e.g. the reason the server refused a command. */
export interface AlertMessage {
  id: number;
  text: string;
}

/**
 * Refusals and failures, announced by screen readers as they arrive (role="alert") and dismissable.
 * The region is always in the DOM so the announcement is not lost.
 */
export function Alerts({ alerts, dismiss }: { alerts: AlertMessage[]; dismiss: (id: number) => void }) {
  return (
    <div className="alerts" role="alert" aria-live="assertive" data-testid="alerts">
      {alerts.map((alert) => (
        <p key={alert.id} className="alert">
          <span>{alert.text}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss message"
            onClick={() => dismiss(alert.id)}
          >
            ✕
          </button>
        </p>
      ))}
    </div>
  );
}

'use client';

import { useState } from 'react';
import type { WebhookTestResult, WebhookView } from '@/server/contract/notify';
import type { WebhookFormat } from '@/server/contract/vocabulary';
import { callApi } from '../lib/api';
import { formatDateTime } from './format';

/** How each format reads on screen. */
export const FORMAT_NAMES: Record<WebhookFormat, string> = {
  slack: 'Slack',
  teams: 'Microsoft Teams',
  generic: 'Generic JSON',
};

/** Whether the webhook's latest outcome is a failure. */
const isFailing = (webhook: WebhookView) =>
  webhook.lastFailure !== null &&
  (webhook.lastDeliveredAt === null || webhook.lastFailure.at > webhook.lastDeliveredAt);

/** One webhook: its format, masked URL, how its deliveries go, a test button and removal. */
export function WebhookItem(props: {
  teamId: string;
  token: string;
  webhook: WebhookView;
  onChange: () => void;
}) {
  const { teamId, token, webhook, onChange } = props;
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/teams/${teamId}/webhooks/${webhook.id}`;
  const failure = webhook.lastFailure;

  const sendTest = async () => {
    setBusy(true);
    const result = await callApi<WebhookTestResult>(`${path}/test`, { method: 'POST', token });
    setBusy(false);
    if (!result.ok) setNote({ error: true, text: result.error.message });
    else if (result.value.ok) setNote({ error: false, text: 'Test message delivered.' });
    else setNote({ error: true, text: `Test message failed: ${result.value.error}.` });
    onChange();
  };
  const remove = async () => {
    const result = await callApi(path, { method: 'DELETE', token });
    if (!result.ok) return setNote({ error: true, text: result.error.message });
    onChange();
  };

  return (
    <li className={`webhook ${isFailing(webhook) ? 'webhook-failing' : ''}`} data-testid="webhook">
      <div className="webhook-head">
        <strong>{FORMAT_NAMES[webhook.format]}</strong> <code>{webhook.maskedUrl}</code>
      </div>
      <p className="small" data-testid="webhook-status">
        {webhook.lastDeliveredAt
          ? `Last delivered ${formatDateTime(webhook.lastDeliveredAt)}.`
          : 'Nothing delivered yet.'}
        {failure && (
          <span className={isFailing(webhook) ? 'error' : 'muted'}>
            {' '}
            {isFailing(webhook) ? 'Failing' : 'Failed earlier'}: {failure.error} ({failure.event},{' '}
            {formatDateTime(failure.at)}, {failure.attempts} attempt{failure.attempts === 1 ? '' : 's'}
            {failure.gaveUp ? ', gave up' : ', retrying'}).
          </span>
        )}
      </p>
      <div className="webhook-actions">
        <button type="button" className="secondary" disabled={busy} onClick={sendTest}>
          {busy ? 'Sending…' : 'Send test message'}
        </button>
        <button type="button" className="link-button" onClick={remove}>
          Remove
        </button>
        {note && (
          <span role={note.error ? 'alert' : 'status'} className={note.error ? 'error' : 'muted'}>
            {note.text}
          </span>
        )}
      </div>
    </li>
  );
}

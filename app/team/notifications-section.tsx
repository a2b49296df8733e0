'use client';

import { type FormEvent, useId, useState } from 'react';
import { MAX_WEBHOOKS_PER_TEAM, type WebhookView } from '@/server/contract/notify';
import { WEBHOOK_FORMATS } from '@/server/contract/vocabulary';
import { callApi } from '../lib/api';
import { CalendarPanel } from './calendar-panel';
import { LoadingNote } from './loading-note';
import './notifications.css';
import type { SectionProps } from './section-props';
import { useApiData } from './use-api-data';
import { FORMAT_NAMES, WebhookItem } from './webhook-item';

/**
 * Admin only: chat webhooks (the workshop summary, the 15-minute reminder, overdue actions and the
 * monthly survey are posted there) and the team's calendar.
 */
export function NotificationsSection({ teamId, token, version }: SectionProps) {
  const webhooks = useApiData<WebhookView[]>(`/api/teams/${teamId}/webhooks`, token, version);
  const urlId = useId();
  const [format, setFormat] = useState<WebhookView['format']>('slack');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = webhooks.data ?? [];

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const result = await callApi<WebhookView>(`/api/teams/${teamId}/webhooks`, {
      method: 'POST',
      body: { format, url },
      token,
    });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setUrl('');
    webhooks.reload();
  };

  return (
    <section className="card team-section notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Chat and calendar</h2>
      <p className="small muted">
        Firedrill posts to these incoming webhooks when a workshop ends (counts and a link, never the walls),
        15 minutes before the next workshop, when an action is past its due date, and when the month&rsquo;s
        survey opens. Messages carry the member link.
      </p>
      {webhooks.error && (
        <p className="error" role="alert">
          {webhooks.error}
        </p>
      )}
      {!webhooks.data && !webhooks.error && <LoadingNote what="the webhooks" />}
      {webhooks.data && list.length === 0 && (
        <p className="muted" data-testid="webhooks-empty">
          No chat webhook yet: create an incoming webhook in Slack or Teams and paste its URL here.
        </p>
      )}
      {list.length > 0 && (
        <ul className="webhook-list">
          {list.map((webhook) => (
            <WebhookItem
              key={webhook.id}
              teamId={teamId}
              token={token}
              webhook={webhook}
              onChange={webhooks.reload}
            />
          ))}
        </ul>
      )}
      {list.length < MAX_WEBHOOKS_PER_TEAM && (
        <form className="inline-form webhook-form" onSubmit={add} aria-label="Add a chat webhook">
          <label className="field">
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value as WebhookView['format'])}>
              {WEBHOOK_FORMATS.map((name) => (
                <option key={name} value={name}>
                  {FORMAT_NAMES[name]}
                </option>
              ))}
            </select>
          </label>
          <label className="field webhook-url" htmlFor={urlId}>
            Webhook URL
            <input
              id={urlId}
              type="url"
              required
              autoComplete="off"
              placeholder="https://hooks.slack.com/services/…"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <button type="submit">Add webhook</button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <CalendarPanel teamId={teamId} token={token} version={version} />
    </section>
  );
}

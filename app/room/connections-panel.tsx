'use client';

import { useState } from 'react';
import type { ConnectionRow } from '@/server/contract/commands';
import { useConnections } from '../lib/use-connections';
import { DownloadButton } from '../team/download-button';
import { useRoomContext } from './room-context';

/** "45 s", "12 min", "3 h": how long ago, roughly. */
function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** "+1.2 s", "−350 ms": a clock offset with its sign. */
function signed(ms: number): string {
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  const abs = Math.abs(ms);
  return abs >= 1000 ? `${sign}${(abs / 1000).toFixed(1)} s` : `${sign}${abs} ms`;
}

function status(row: ConnectionRow, serverNow: number): string {
  if (row.since === null) return row.online ? 'Online' : 'Never connected';
  const span = ago(serverNow - row.since);
  const tabs = row.connections > 1 ? ` (${row.connections} tabs)` : '';
  return row.online ? `Online for ${span}${tabs}` : `Offline for ${span}`;
}

/**
 * The facilitator's connection panel: everyone admitted, online or not and since when, reconnects in
 * this workshop, round trip and clock offset from their browser's pings, and the process serving
 * them when several do. Someone reconnecting often carries a "flapping" badge, counted in the summary
 * line so it shows with the panel closed. Refreshes every 3 s; the support bundle downloads here too.
 */
export function ConnectionsPanel() {
  const { room } = useRoomContext();
  const [open, setOpen] = useState(false);
  const view = useConnections(room.socket, true, open ? 3_000 : 10_000);
  const report = view.kind === 'ready' ? view.report : undefined;
  const flapping = report?.rows.filter((row) => row.flapping).length ?? 0;
  const online = report?.rows.filter((row) => row.online).length ?? 0;
  const rule = report
    ? `${report.flapping.reconnects} or more reconnects in ${ago(report.flapping.windowMs)}`
    : '';
  return (
    <details
      className="panel connections"
      data-testid="connections"
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary>
        Connections{' '}
        {report && (
          <span className="count">
            {online} of {report.rows.length} online
          </span>
        )}
        {flapping > 0 && <span className="badge badge-flapping">{flapping} flapping</span>}
      </summary>
      {view.kind === 'failed' && (
        <p className="error" role="status">
          {view.message}
        </p>
      )}
      {report && (
        // Focusable, so a keyboard can scroll the table sideways on a narrow screen.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
        <section className="connections-scroll" aria-label="Connections table" tabIndex={0}>
          <table className="connections-table">
            <caption className="visually-hidden">Connections of everyone in the workshop</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Status</th>
                <th scope="col">Reconnects</th>
                <th scope="col">Round trip</th>
                <th scope="col">Clock offset</th>
                {report.multiProcess && <th scope="col">Process</th>}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr
                  key={row.participantId}
                  data-testid="connection-row"
                  className={row.flapping ? 'flapping' : row.online ? '' : 'offline'}
                >
                  <th scope="row">{row.name}</th>
                  <td data-testid="connection-status">
                    <span className={`dot${row.online ? '' : ' dot-off'}`} aria-hidden="true" />{' '}
                    {status(row, report.serverNow)}
                    {row.flapping && (
                      <span className="badge badge-flapping" title={rule}>
                        flapping
                      </span>
                    )}
                  </td>
                  <td data-testid="connection-reconnects">
                    {row.reconnects}
                    {row.recentReconnects > 0 && (
                      <span className="muted"> ({row.recentReconnects} recently)</span>
                    )}
                  </td>
                  <td>{row.rttMs === null ? '—' : `${row.rttMs} ms`}</td>
                  <td>{row.offsetMs === null ? '—' : signed(row.offsetMs)}</td>
                  {report.multiProcess && <td>{row.processIds.join(', ') || '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {report && <p className="muted small">Flapping: {rule}. Updated every few seconds.</p>}
      <p className="support-bundle">
        <DownloadButton
          path={`/api/workshops/${encodeURIComponent(room.record.id)}/support-bundle`}
          token={room.token}
          fallbackName={`firedrill-support-${room.record.id}.json`}
          label="Download support bundle"
        />{' '}
        <span className="muted small">
          Recent connection events and refusals, for a bug report: no tokens, no notes.
        </span>
      </p>
    </details>
  );
}
